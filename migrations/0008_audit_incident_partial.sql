-- Alert intake (issue 5): every alert's event.reported entry has no incident, and paid an index entry here for a
-- question only asked of entries about an incident ("this incident's audit trail": incident_id = X).
DROP INDEX "audit_incident_idx";--> statement-breakpoint
CREATE INDEX "audit_incident_idx" ON "audit_log" USING btree ("incident_id","seq") WHERE "audit_log"."incident_id" is not null;