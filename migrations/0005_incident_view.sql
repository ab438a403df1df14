ALTER TABLE "incidents" ADD COLUMN "view_json" text;--> statement-breakpoint
-- The incident as the API shows it, as JSON text (src/incidents/present.ts `presentIncident` is the
-- definition; src/incidents/list-view.test.ts holds the two equal). Lists return it as stored.
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
-- Every insert or update of an incident recomputes its view; other tables "touch" the incident (set
-- view_json = null) to recompute it. The application never writes view_json.
CREATE OR REPLACE FUNCTION cordon_incident_view_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.view_json := cordon_incident_view(NEW);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incidents_view BEFORE INSERT OR UPDATE ON incidents
  FOR EACH ROW EXECUTE FUNCTION cordon_incident_view_refresh();
--> statement-breakpoint
-- Role holders and documents (the RCA flag) are part of the view: a change to them touches their incidents,
-- once per statement.
CREATE OR REPLACE FUNCTION cordon_incident_view_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE incidents SET view_json = NULL WHERE id IN (SELECT incident_id FROM changed_new);
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE incidents SET view_json = NULL WHERE id IN (SELECT incident_id FROM changed_old);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incident_roles_view_insert AFTER INSERT ON incident_roles
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_view_touch();
--> statement-breakpoint
CREATE TRIGGER incident_roles_view_update AFTER UPDATE ON incident_roles
  REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_view_touch();
--> statement-breakpoint
CREATE TRIGGER incident_roles_view_delete AFTER DELETE ON incident_roles
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_view_touch();
--> statement-breakpoint
CREATE TRIGGER incident_documents_view_insert AFTER INSERT ON incident_documents
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_view_touch();
--> statement-breakpoint
CREATE TRIGGER incident_documents_view_update AFTER UPDATE ON incident_documents
  REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_view_touch();
--> statement-breakpoint
CREATE TRIGGER incident_documents_view_delete AFTER DELETE ON incident_documents
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_view_touch();
--> statement-breakpoint
-- A user's name and username are shown on the incidents they declared, are assigned or hold a role on.
CREATE OR REPLACE FUNCTION cordon_incident_view_touch_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE incidents SET view_json = NULL
    WHERE declared_by = NEW.id OR assignee_id = NEW.id
      OR id IN (SELECT incident_id FROM incident_roles WHERE user_id = NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER users_view AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.username IS DISTINCT FROM NEW.username)
  EXECUTE FUNCTION cordon_incident_view_touch_user();
--> statement-breakpoint
UPDATE incidents SET view_json = NULL;
