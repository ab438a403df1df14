-- The timeline and the audit log are append-only (DESIGN.md, principle 2). The application never updates
-- or deletes them; this trigger makes the database refuse it too, so a bug or a careless script cannot
-- rewrite history. Someone who disables the trigger still breaks the hash chains, which `verify` detects.
CREATE OR REPLACE FUNCTION cordon_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER timeline_entries_append_only BEFORE UPDATE OR DELETE ON timeline_entries
  FOR EACH ROW EXECUTE FUNCTION cordon_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION cordon_refuse_change();
--> statement-breakpoint
CREATE TRIGGER timeline_entries_no_truncate BEFORE TRUNCATE ON timeline_entries
  FOR EACH STATEMENT EXECUTE FUNCTION cordon_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION cordon_refuse_change();
--> statement-breakpoint
INSERT INTO chain_heads (chain, seq, hash) VALUES ('audit', 0, '0000000000000000000000000000000000000000000000000000000000000000');
