-- Alert intake writes an events row per new alert; every index on events is paid on each (issue 5).
-- events_created_idx served no query. The status index now matches the triage list (one status, by
-- reference). Fingerprints are compared for equality only: byte-wise pattern ops instead of the collation.
-- Then the function every alert group commit starts with.
DROP INDEX "events_status_idx";--> statement-breakpoint
DROP INDEX "events_created_idx";--> statement-breakpoint
DROP INDEX "events_fingerprint_idx";--> statement-breakpoint
CREATE INDEX "events_status_ref_idx" ON "events" USING btree ("status","ref");--> statement-breakpoint
CREATE INDEX "events_fingerprint_idx" ON "events" USING btree ("fingerprint" text_pattern_ops) WHERE "events"."fingerprint" is not null;--> statement-breakpoint
-- How every alert group commit starts (src/alerts/ingest-store.ts `startBatch`), in one round trip: the
-- year's event counter is locked first (it serialises alert batches and reports across processes), then,
-- in a new snapshot that sees everything the previous holder of the lock committed, the open events with
-- the batch's fingerprints (locked, the newest of each), the open incidents sharing one of its entity keys
-- (the most recent of each) and the audit chain's head. Both lookups are written so their plans cannot
-- become scans when statistics lag a burst of alerts: OFFSET 0 keeps each lateral subquery a lookup per
-- fingerprint (events_fingerprint_idx) or per open incident (events_incident_idx), and no index on status
-- can serve the open test.
CREATE OR REPLACE FUNCTION cordon_alert_batch_start(counter_name text, batch_fingerprints text[], batch_keys text[])
RETURNS json LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  taken bigint;
BEGIN
  INSERT INTO counters (name, value) VALUES (counter_name, 0)
    ON CONFLICT (name) DO UPDATE SET value = counters.value
    RETURNING value INTO taken;
  RETURN json_build_object(
    'taken', taken,
    'open', (SELECT json_agg(o) FROM (
      SELECT DISTINCT ON (f.fingerprint) f.fingerprint, e.id, e.ref, e.count, e.resolved,
        e.incident_id AS "incidentId", e.incident_key AS "incidentKey", e.visibility
      FROM unnest(batch_fingerprints) AS f(fingerprint)
      CROSS JOIN LATERAL (
        SELECT ev.id, ev.ref, ev.count, ev.resolved_at IS NOT NULL AS resolved, ev.incident_id, ev.created_at,
          i.key AS incident_key, i.visibility
        FROM events ev LEFT JOIN incidents i ON i.id = ev.incident_id
        WHERE ev.fingerprint = f.fingerprint
          AND ev.status <> 'dismissed' AND (ev.status = 'awaiting_triage' OR i.is_open)
        OFFSET 0
        FOR UPDATE OF ev
      ) AS e
      ORDER BY f.fingerprint, e.created_at DESC, e.ref DESC) o),
    'sharing', (SELECT json_agg(s) FROM (
      SELECT DISTINCT ON (linked.k) linked.k, i.id, i.key, i.visibility
      FROM incidents i
      CROSS JOIN LATERAL (
        SELECT unnest(
          coalesce(ev.entity_keys, '{}'::text[])
          || array(SELECT 'host:' || lower(x) FROM jsonb_array_elements_text(coalesce(ev.details->'systems', '[]'::jsonb)) x)
          || array(SELECT 'account:' || lower(x) FROM jsonb_array_elements_text(coalesce(ev.details->'accounts', '[]'::jsonb)) x)
        ) AS k
        FROM events ev
        WHERE ev.incident_id = i.id
        OFFSET 0
      ) AS linked
      WHERE i.is_open AND linked.k = ANY (batch_keys)
      ORDER BY linked.k, i.declared_at DESC, i.key DESC) s),
    'head', (SELECT json_build_object('seq', seq, 'hash', hash) FROM chain_heads WHERE chain = 'audit'));
END;
$$;
