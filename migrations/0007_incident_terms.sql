-- Word search's index (src/incidents/tables.ts `incidentTerms`, used by src/incidents/word-search.ts): one
-- row per lexeme of an incident's search vector, newest incidents of a word first through the primary key,
-- which also carries the incident's id and whether it is restricted so a page for most readers is an
-- index-only scan joined to the stored views. Kept by the triggers below; the application never writes it.
-- Incidents are never deleted, and `ord` and `id` never change.
CREATE TABLE "incident_terms" (
	"term" text NOT NULL,
	"ord" bigint NOT NULL,
	"incident_id" uuid NOT NULL,
	"restricted" boolean NOT NULL,
	CONSTRAINT "incident_terms_term_ord_pk" PRIMARY KEY("term","ord") INCLUDE ("incident_id","restricted")
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cordon_incident_terms_of_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO incident_terms (term, ord, incident_id, restricted)
    SELECT t, n.ord, n.id, n.visibility = 'restricted' FROM changed_new n, unnest(tsvector_to_array(n.search)) AS t;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incidents_terms_insert AFTER INSERT ON incidents
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cordon_incident_terms_of_inserted();
--> statement-breakpoint
-- A changed key, title or summary: the words it lost go, the words it gained come. A changed visibility:
-- every word of the incident says so.
CREATE OR REPLACE FUNCTION cordon_incident_terms_of_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kept text[] := tsvector_to_array(NEW.search);
BEGIN
  DELETE FROM incident_terms
    WHERE ord = OLD.ord AND term = ANY (tsvector_to_array(OLD.search)) AND NOT (term = ANY (kept));
  INSERT INTO incident_terms (term, ord, incident_id, restricted)
    SELECT t, NEW.ord, NEW.id, NEW.visibility = 'restricted' FROM unnest(kept) AS t
  ON CONFLICT (term, ord) DO UPDATE SET restricted = excluded.restricted
    WHERE incident_terms.restricted IS DISTINCT FROM excluded.restricted;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incidents_terms_update AFTER UPDATE ON incidents FOR EACH ROW
  WHEN (OLD.search IS DISTINCT FROM NEW.search OR OLD.visibility IS DISTINCT FROM NEW.visibility)
  EXECUTE FUNCTION cordon_incident_terms_of_updated();
--> statement-breakpoint
INSERT INTO incident_terms (term, ord, incident_id, restricted)
  SELECT t, i.ord, i.id, i.visibility = 'restricted' FROM incidents i, unnest(tsvector_to_array(i.search)) AS t;
