CREATE TABLE "incident_views" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"view_json" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_views" ADD CONSTRAINT "incident_views_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incidents_open_severity_idx" ON "incidents" USING btree ("severity","ord") WHERE "incidents"."is_open";
--> statement-breakpoint
-- The incident as the API shows it, as JSON text (src/incidents/present.ts `presentIncident` is the
-- definition; src/incidents/list-view.test.ts holds the two equal).
CREATE OR REPLACE FUNCTION cordon_incident_view(i incidents) RETURNS text LANGUAGE sql STABLE AS $$
  select row_to_json(v)::text from (select
    i.key, i.title, i.summary, i.type, i.severity, i.phase, i.is_open as "isOpen",
    i.classification, i.location, i.likelihood, i.owner_team as "ownerTeam",
    (select json_build_object('id', u.id, 'name', u.name, 'username', u.username)
      from users u where u.id = i.assignee_id) as assignee,
    i.visibility, i.suspected_internal_actor as "suspectedInternalActor", i.policy_version as "policyVersion",
    to_char(i.remediation_due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "remediationDueAt",
    i.phase_times as "phaseTimes",
    coalesce((select json_agg(json_build_object('role', r.role, 'user',
        json_build_object('id', u.id, 'name', u.name, 'username', u.username)) order by r.assigned_at)
      from incident_roles r join users u on u.id = r.user_id where r.incident_id = i.id), '[]'::json) as roles,
    exists (select 1 from incident_documents d where d.incident_id = i.id and d.kind = 'rca') as "hasRca",
    to_char(i.declared_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "declaredAt",
    (select json_build_object('id', u.id, 'name', u.name, 'username', u.username)
      from users u where u.id = i.declared_by) as "declaredBy",
    to_char(i.closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "closedAt",
    to_char(i.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt") v
$$;
--> statement-breakpoint
-- Recomputes the stored views of the given incidents (insert or replace). The incidents are locked first,
-- in id order, and the views computed by the next statement, with a snapshot taken after the locks are
-- granted: two transactions changing parts of one incident's view (a phase, a role holder, a user's name)
-- compute it one after the other, each from everything the other committed, so the last one stored is
-- never stale.
CREATE OR REPLACE FUNCTION cordon_refresh_incident_views(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM incidents WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
  INSERT INTO incident_views (incident_id, view_json)
    SELECT i.id, cordon_incident_view(i) FROM incidents i WHERE i.id = ANY(ids)
  ON CONFLICT (incident_id) DO UPDATE SET view_json = excluded.view_json;
END;
$$;
--> statement-breakpoint
-- Once per statement: the incidents inserted or updated, and those whose role holders or documents (the
-- RCA flag) changed. The application never writes incident_views.
CREATE OR REPLACE FUNCTION cordon_incident_views_of_incidents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cordon_refresh_incident_views(ARRAY(SELECT id FROM changed_new));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incidents_view_insert AFTER INSERT ON incidents
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_views_of_incidents();
--> statement-breakpoint
CREATE TRIGGER incidents_view_update AFTER UPDATE ON incidents
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_views_of_incidents();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cordon_incident_views_of_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM cordon_refresh_incident_views(ARRAY(SELECT DISTINCT incident_id FROM changed_new));
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM cordon_refresh_incident_views(ARRAY(SELECT DISTINCT incident_id FROM changed_old));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incident_roles_view_insert AFTER INSERT ON incident_roles
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_views_of_parts();
--> statement-breakpoint
CREATE TRIGGER incident_roles_view_update AFTER UPDATE ON incident_roles
  REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_views_of_parts();
--> statement-breakpoint
CREATE TRIGGER incident_roles_view_delete AFTER DELETE ON incident_roles
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_views_of_parts();
--> statement-breakpoint
CREATE TRIGGER incident_documents_view_insert AFTER INSERT ON incident_documents
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_views_of_parts();
--> statement-breakpoint
CREATE TRIGGER incident_documents_view_update AFTER UPDATE ON incident_documents
  REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_views_of_parts();
--> statement-breakpoint
CREATE TRIGGER incident_documents_view_delete AFTER DELETE ON incident_documents
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_views_of_parts();
--> statement-breakpoint
-- A user's name and username are shown on the incidents they declared, are assigned or hold a role on.
CREATE OR REPLACE FUNCTION cordon_incident_views_of_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cordon_refresh_incident_views(ARRAY(
    SELECT id FROM incidents WHERE declared_by = NEW.id OR assignee_id = NEW.id
    UNION SELECT incident_id FROM incident_roles WHERE user_id = NEW.id));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER users_view AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.username IS DISTINCT FROM NEW.username)
  EXECUTE FUNCTION cordon_incident_views_of_user();
--> statement-breakpoint
SELECT cordon_refresh_incident_views(ARRAY(SELECT id FROM incidents));
