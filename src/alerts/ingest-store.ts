import { sql } from 'drizzle-orm';
import type { AlertDetails } from '../intake/tables.ts';
import { CHANGES_CHANNEL, type Change } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';

/** Rows of a raw query; PGlite and node-postgres both answer `{ rows }`. */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * Locks the year's event counter for the rest of the transaction. Taken first, it serialises alert group
 * commits (and reports) across processes, so two of them cannot both decide a fingerprint is new.
 */
export async function lockCounter(tx: Tx, name: string): Promise<void> {
  await tx.execute(sql`insert into counters (name, value) values (${name}, 0)
    on conflict (name) do update set value = counters.value`);
}

/** Takes `n` consecutive numbers from a (locked) counter; returns the first. Gapless, like nextCounterValue. */
export async function takeNumbers(tx: Tx, name: string, n: number): Promise<number> {
  const [row] = rowsOf<{ value: string | number }>(
    await tx.execute(sql`update counters set value = value + ${n} where name = ${name} returning value`),
  );
  if (!row) throw new Error(`counter ${name} is missing`);
  return Number(row.value) - n + 1;
}

export interface OpenEvent {
  id: string;
  ref: string;
  fingerprint: string;
  count: number;
  resolved: boolean;
  incidentId: string | null;
  incidentKey: string | null;
  visibility: 'normal' | 'restricted' | null;
}

/**
 * Open events with these fingerprints, locked: awaiting triage, or merged/promoted into an incident that
 * is still open. The newest wins when several are open.
 */
export async function findOpenEvents(tx: Tx, fingerprints: string[]): Promise<Map<string, OpenEvent>> {
  const found = new Map<string, OpenEvent>();
  if (fingerprints.length === 0) return found;
  const rows = rowsOf<{
    id: string;
    ref: string;
    fingerprint: string;
    count: number;
    resolved: boolean;
    incident_id: string | null;
    incident_key: string | null;
    visibility: 'normal' | 'restricted' | null;
  }>(
    await tx.execute(sql`select e.id, e.ref, e.fingerprint, e.count, e.resolved_at is not null as resolved,
        e.incident_id, i.key as incident_key, i.visibility
      from events e left join incidents i on i.id = e.incident_id
      where e.fingerprint in (${sql.join(
        fingerprints.map((f) => sql`${f}`),
        sql`, `,
      )})
        and (e.status = 'awaiting_triage' or (e.status in ('merged', 'promoted') and i.is_open))
      order by e.created_at desc, e.ref desc
      for update of e`),
  );
  for (const r of rows) {
    if (found.has(r.fingerprint)) continue;
    found.set(r.fingerprint, {
      id: r.id,
      ref: r.ref,
      fingerprint: r.fingerprint,
      count: Number(r.count),
      resolved: r.resolved,
      incidentId: r.incident_id,
      incidentKey: r.incident_key,
      visibility: r.visibility,
    });
  }
  return found;
}

export interface OpenIncidentRef {
  id: string;
  key: string;
  visibility: 'normal' | 'restricted';
}

/**
 * Open incidents that already hold one of these entities, through the events linked to them: alert
 * entities, and the systems and accounts a person named in a report. The most recent incident wins.
 */
export async function findIncidentsSharing(tx: Tx, keys: string[]): Promise<Map<string, OpenIncidentRef>> {
  const found = new Map<string, OpenIncidentRef>();
  if (keys.length === 0) return found;
  const rows = rowsOf<{ k: string; id: string; key: string; visibility: 'normal' | 'restricted' }>(
    await tx.execute(sql`select k, i.id, i.key, i.visibility
      from incidents i
      join events e on e.incident_id = i.id
      cross join lateral unnest(
        coalesce(e.entity_keys, '{}'::text[])
        || array(select 'host:' || lower(x) from jsonb_array_elements_text(coalesce(e.details->'systems', '[]'::jsonb)) x)
        || array(select 'account:' || lower(x) from jsonb_array_elements_text(coalesce(e.details->'accounts', '[]'::jsonb)) x)
      ) as k
      where i.is_open and e.incident_id is not null and k in (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )})
      order by i.declared_at desc, i.key desc`),
  );
  for (const r of rows)
    if (!found.has(r.k)) found.set(r.k, { id: r.id, key: r.key, visibility: r.visibility });
  return found;
}

/** A new alert event, as written. */
export interface NewAlertEvent {
  id: string;
  ref: string;
  status: 'awaiting_triage' | 'dismissed' | 'merged' | 'promoted';
  source: string;
  title: string;
  description: string;
  observed_at: string | null;
  reporter: { name: string; email: null; phone: null; userId: null };
  routed_to_team: string | null;
  fingerprint: string;
  count: number;
  at: string;
  resolved_at: string | null;
  disposition_action: 'dismiss' | 'merge' | 'promote' | null;
  disposition_reason: string | null;
  disposition_note: string | null;
  disposition_rule: string | null;
  incident_id: string | null;
  alert_source_id: string;
  alert: AlertDetails;
  entity_keys: string[];
  suggested_type: string | null;
  suggested_severity: string | null;
  routing_rule: string | null;
}

/** One statement for a whole batch: the rows travel as one JSON document. */
export async function insertAlertEvents(tx: Tx, rows: NewAlertEvent[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`insert into events (id, ref, status, source, title, description, observed_at, details,
      reporter, on_behalf_of_customer, suspected_breach, routed_to_team, fingerprint, count, first_seen_at,
      last_seen_at, created_at, disposition_action, disposition_reason, disposition_note, disposed_at,
      incident_id, disposition_rule, alert_source_id, alert, entity_keys, suggested_type, suggested_severity,
      routing_rule, resolved_at)
    select id, ref, status, source, title, description, observed_at, '{}'::jsonb, reporter, false, false,
      routed_to_team, fingerprint, count, at, at, at, disposition_action, disposition_reason, disposition_note,
      case when disposition_action is null then null else at end, incident_id, disposition_rule,
      alert_source_id, alert, entity_keys, suggested_type, suggested_severity, routing_rule, resolved_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, ref text, status text, source text,
      title text, description text, observed_at timestamptz, reporter jsonb, routed_to_team text,
      fingerprint text, count int, at timestamptz, resolved_at timestamptz, disposition_action text,
      disposition_reason text, disposition_note text, disposition_rule text, incident_id uuid,
      alert_source_id uuid, alert jsonb, entity_keys text[], suggested_type text, suggested_severity text,
      routing_rule text)`);
}

export interface Repeat {
  id: string;
  added: number;
  at: string;
  /** true: the last notice in the batch said resolved; false: it fired (clears a resolution). */
  resolved: boolean;
}

/** Counts repeats up and moves last-seen, for every repeated event of a batch in one statement. */
export async function applyRepeats(tx: Tx, repeats: Repeat[]): Promise<void> {
  if (repeats.length === 0) return;
  await tx.execute(sql`update events e set
      count = e.count + v.added,
      last_seen_at = case when v.added > 0 then greatest(e.last_seen_at, v.at) else e.last_seen_at end,
      resolved_at = case when v.resolved then coalesce(e.resolved_at, v.at) else null end
    from jsonb_to_recordset(${JSON.stringify(repeats)}::jsonb) as v(id uuid, added int, at timestamptz, resolved boolean)
    where e.id = v.id`);
}

/** Live views hear of every event the batch touched, in one statement, delivered at commit. */
export async function announceAll(tx: Tx, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, c::text)
    from jsonb_array_elements(${JSON.stringify(changes)}::jsonb) as c`);
}
