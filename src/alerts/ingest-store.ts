import { type SQL, sql } from 'drizzle-orm';
import {
  appendChainedSql,
  appendIfHeadUnmovedCtes,
  type ChainedEntries,
  type ChainHead,
} from '../audit/append-batch.ts';
import { type Change, notifySql } from '../platform/changes.ts';
import { boolArray, intArray, plainArray, textArray } from '../platform/db/arrays.ts';
import type { Tx } from '../platform/db/client.ts';
import type { PipelinedTx } from '../platform/db/pipelined-transaction.ts';

/**
 * The SQL of one alert group commit. Round trips cost more than rows here (each is a socket write and a
 * wake-up on both sides, and a parse and plan in PostgreSQL), so a group commit is two round trips whatever
 * its size: BEGIN with `startBatch`, `writeBatch` with COMMIT (`withPipelinedTransaction`: on PostgreSQL
 * prepared statements, parsed and planned once per connection), plus the rare promotion or incident
 * timeline entry.
 */

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

export interface OpenIncidentRef {
  id: string;
  key: string;
  visibility: 'normal' | 'restricted';
}

/** What a group commit needs to know before it decides anything. */
export interface BatchState {
  /** The event counter's value (the last number taken); the counter stays locked until commit. */
  taken: number;
  /** Open events by fingerprint, locked. */
  open: Map<string, OpenEvent>;
  /** Open incidents by an entity key they hold. */
  sharing: Map<string, OpenIncidentRef>;
  /** The audit chain's head as it was read (not locked: `writeBatch` appends only if it has not moved). */
  head: ChainHead;
}

/**
 * Starts a group commit in one round trip (`cordon_alert_batch_start`, migrations/0006_event_indexes.sql):
 * locks the year's event counter — it serialises alert group commits (and reports) across processes — and
 * then, in a new snapshot that sees everything the previous holder committed, so two batches cannot both
 * decide a fingerprint is new, reads the open events with these fingerprints (locked, the newest of each),
 * the open incidents sharing one of these entity keys (the most recent of each: alert entities, and the
 * systems and accounts a person reported) and the audit head. The two steps need two snapshots, hence a
 * function: as two statements the second waited for Node to take in the lock before it was even sent.
 * Both lookups stay index lookups whatever the statistics say (see the migration): written as plain joins,
 * with statistics older than a burst of alerts, the planner read every event awaiting triage (13–20 ms for
 * a 700-alert batch instead of 2–4 ms) and hashed open incidents against a parallel scan of every event.
 */
export async function startBatch(
  t: PipelinedTx,
  counter: string,
  fingerprints: string[],
  keys: string[],
): Promise<BatchState> {
  const [row] = await t.beginWith<{
    state: {
      taken: number | string;
      open: (Omit<OpenEvent, 'count'> & { count: number | string })[] | null;
      sharing: { k: string; id: string; key: string; visibility: 'normal' | 'restricted' }[] | null;
      head: ChainHead | null;
    };
  }>(
    sql`select cordon_alert_batch_start(${counter}, ${textArray(fingerprints)}::text[], ${textArray(keys)}::text[]) as state`,
  );
  const state = row?.state;
  if (!state?.head) throw new Error('audit chain head is missing; run the migrations');
  const open = new Map<string, OpenEvent>();
  for (const o of state.open ?? []) open.set(o.fingerprint, { ...o, count: Number(o.count) });
  const sharing = new Map<string, OpenIncidentRef>();
  for (const s of state.sharing ?? []) sharing.set(s.k, { id: s.id, key: s.key, visibility: s.visibility });
  return {
    taken: Number(state.taken),
    open,
    sharing,
    head: { seq: Number(state.head.seq), hash: state.head.hash },
  };
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
  /** `AlertDetails` as JSON. */
  alert: string;
  entity_keys: string[];
  suggested_type: string | null;
  suggested_severity: string | null;
  routing_rule: string | null;
}

/**
 * The insert of new alert events: each column travels as one array parameter (`arrays.ts`) and `unnest`
 * turns them back into rows; the alert details, already JSON, travel as one JSON array. All rows of a group
 * commit carry the same time (the batch's clock reading): one parameter. The reporter is the source, built
 * in SQL from its name.
 */
function insertEventsSql(rows: NewAlertEvent[]): SQL {
  const at = rows[0]?.at ?? new Date(0).toISOString();
  if (rows.some((r) => r.at !== at)) throw new Error('one group commit writes one time');
  const plain = (pick: (r: NewAlertEvent) => string | null) => plainArray(rows.map(pick));
  const text = (pick: (r: NewAlertEvent) => string | null) => textArray(rows.map(pick));
  return sql`insert into events (id, ref, status, source, title, description, observed_at, details,
      reporter, on_behalf_of_customer, suspected_breach, routed_to_team, fingerprint, count, first_seen_at,
      last_seen_at, created_at, disposition_action, disposition_reason, disposition_note, disposed_at,
      incident_id, disposition_rule, alert_source_id, alert, entity_keys, suggested_type, suggested_severity,
      routing_rule, resolved_at)
    select id, ref, status, source, title, description, observed_at, '{}'::jsonb,
      jsonb_build_object('name', reporter, 'email', null, 'phone', null, 'userId', null), false, false,
      routed_to_team, fingerprint, count, t.at, t.at, t.at, disposition_action, disposition_reason,
      disposition_note, case when disposition_action is null then null else t.at end, incident_id,
      disposition_rule, alert_source_id, alert::jsonb, entity_keys::text[], suggested_type, suggested_severity,
      routing_rule, resolved_at
    from (select ${at}::timestamptz as at) t, rows from (
      unnest(${plain((r) => r.id)}::uuid[]), unnest(${plain((r) => r.ref)}::text[]),
      unnest(${plain((r) => r.status)}::text[]), unnest(${text((r) => r.source)}::text[]),
      unnest(${text((r) => r.title)}::text[]), unnest(${text((r) => r.description)}::text[]),
      unnest(${plain((r) => r.observed_at)}::timestamptz[]), unnest(${text((r) => r.reporter.name)}::text[]),
      unnest(${text((r) => r.routed_to_team)}::text[]), unnest(${plain((r) => r.fingerprint)}::text[]),
      unnest(${intArray(rows.map((r) => r.count))}::int[]), unnest(${plain((r) => r.disposition_action)}::text[]),
      unnest(${text((r) => r.disposition_reason)}::text[]), unnest(${text((r) => r.disposition_note)}::text[]),
      unnest(${text((r) => r.disposition_rule)}::text[]), unnest(${plain((r) => r.incident_id)}::uuid[]),
      unnest(${plain((r) => r.alert_source_id)}::uuid[]),
      json_array_elements_text(${`[${rows.map((r) => r.alert).join(',')}]`}::json),
      unnest(${text((r) => textArray(r.entity_keys))}::text[]), unnest(${text((r) => r.suggested_type)}::text[]),
      unnest(${text((r) => r.suggested_severity)}::text[]), unnest(${text((r) => r.routing_rule)}::text[]),
      unnest(${plain((r) => r.resolved_at)}::timestamptz[])
    ) as r(id, ref, status, source, title, description, observed_at, reporter, routed_to_team, fingerprint,
      count, disposition_action, disposition_reason, disposition_note, disposition_rule, incident_id,
      alert_source_id, alert, entity_keys, suggested_type, suggested_severity, routing_rule, resolved_at)`;
}

/** New alert events on their own, as one statement (what bench/ingest compares the group commit with). */
export async function insertAlertEvents(tx: Tx, rows: NewAlertEvent[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(insertEventsSql(rows));
}

export interface Repeat {
  id: string;
  added: number;
  at: string;
  /** true: the last notice in the batch said resolved; false: it fired (clears a resolution). */
  resolved: boolean;
}

/** What one group commit writes, after it has decided. */
export interface BatchWrite {
  counter: { name: string; value: number };
  events: NewAlertEvent[];
  repeats: Repeat[];
  audit: ChainedEntries | null;
  changes: Change[];
}

/**
 * Everything a group commit writes, in one statement: the new events, the counter, repeat counts and
 * resolutions, the audit entries (if the audit head is still the one `startBatch` read) and the NOTIFY
 * for live views (delivered at commit). Returns whether the audit entries were written; if not (another
 * writer appended first), the caller appends them with `appendAuditBatch`.
 */
export async function writeBatch(t: PipelinedTx, w: BatchWrite): Promise<{ audited: boolean }> {
  const ctes = writeCtes(w);
  if (w.audit && w.audit.entries.length > 0) ctes.push(appendIfHeadUnmovedCtes(w.audit));
  const audited = w.audit && w.audit.entries.length > 0 ? sql`(select count(*) from audit_head)` : sql`1`;
  const [row] = await t.run<{ audited: number | string }>(
    sql`with ${sql.join(ctes, sql`, `)}
      select ${audited} as audited, (select count(*) from notices) as notices`,
  );
  return { audited: Number(row?.audited ?? 0) > 0 };
}

/** The counter, new events, repeats and NOTIFY, as CTEs (`notices` last). */
function writeCtes(w: Omit<BatchWrite, 'audit'>): SQL[] {
  const ctes: SQL[] = [
    sql`counter as (update counters set value = ${w.counter.value} where name = ${w.counter.name})`,
  ];
  if (w.events.length > 0) ctes.push(sql`new_events as (${insertEventsSql(w.events)})`);
  if (w.repeats.length > 0) {
    const r = w.repeats;
    ctes.push(sql`repeats as (update events e set
        count = e.count + v.added,
        last_seen_at = case when v.added > 0 then greatest(e.last_seen_at, v.at) else e.last_seen_at end,
        resolved_at = case when v.resolved then coalesce(e.resolved_at, v.at) else null end
      from unnest(${plainArray(r.map((x) => x.id))}::uuid[], ${intArray(r.map((x) => x.added))}::int[],
        ${plainArray(r.map((x) => x.at))}::timestamptz[], ${boolArray(r.map((x) => x.resolved))}::boolean[])
        as v(id, added, at, resolved)
      where e.id = v.id)`);
  }
  ctes.push(sql`notices as (${notifySql(w.changes)})`);
  return ctes;
}

/** PostgreSQL's answer when an audit entry's number is already taken: the chain moved on. */
function chainMoved(e: unknown): boolean {
  // Drizzle (on PGlite) wraps the driver's error as its cause.
  const error = (e as { cause?: unknown } | null)?.cause ?? e;
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'audit_log_pkey';
}

/**
 * The group commit's write in two statements and COMMIT, sent without waiting for one another
 * (`withPipelinedTransaction`): first the counter, events, repeats and NOTIFY; then, once `chain` has
 * hashed the audit entries — while PostgreSQL writes the events — the entries and the new audit head.
 * The entries are numbered after the head `startBatch` read, so if another writer appended in between, the
 * audit log's primary key refuses them, the COMMIT behind rolls everything back, and this answers
 * `{ chainMoved: true }`: nothing was written, and the caller writes the batch again with `writeBatch`.
 */
export async function writeBatchAndCommit(
  t: PipelinedTx,
  w: Omit<BatchWrite, 'audit'>,
  chain: (() => ChainedEntries) | null,
): Promise<{ chainMoved: boolean }> {
  const statement = sql`with ${sql.join(writeCtes(w), sql`, `)} select (select count(*) from notices) as notices`;
  if (!chain) {
    await t.commitWith(statement);
    return { chainMoved: false };
  }
  // Hashing needs no answer from the first statement; it runs while PostgreSQL writes.
  const first = t.run(statement);
  first.catch(() => {});
  let audit: ChainedEntries;
  try {
    audit = chain();
  } catch (error) {
    await first.catch(() => {});
    throw error;
  }
  const [events, entries] = await Promise.allSettled([first, t.commitWith(appendChainedSql(audit))]);
  if (events.status === 'rejected') throw events.reason;
  if (entries.status === 'rejected') {
    if (chainMoved(entries.reason)) return { chainMoved: true };
    throw entries.reason;
  }
  return { chainMoved: false };
}
