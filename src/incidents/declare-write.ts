import { sql } from 'drizzle-orm';
import { appendAuditBatch, type BatchAuditEntry } from '../audit/append-batch.ts';
import { chainHeads } from '../audit/tables.ts';
import { chainHash, GENESIS_HASH } from '../platform/chain.ts';
import { announceChanges } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { counters } from '../platform/db/tables.ts';
import { newId } from '../platform/ids.ts';
import { timelineChain, timelineContent } from '../timeline/append.ts';
import { timelineEntries } from '../timeline/tables.ts';
import type { Declaration } from './declare-prepare.ts';
import { remediationDueAt } from './rules.ts';
import type { IncidentRow } from './store.ts';
import { incidents } from './tables.ts';

/** An incident as just written: its row as inserted (`ord` and `search` are computed by the database). */
export type DeclaredRow = Omit<IncidentRow, 'ord'>;

const DECLARED = 'incident.declared';

/**
 * Writes declarations in the caller's transaction, a constant number of statements however many there
 * are (group commit, docs/adr/0004-group-commit.md). For each: the incident row, its timeline (chain head
 * and first entry), its audit entry and its live-view announcement, exactly what one declaration writes.
 * Locks in a fixed order, the global audit head last so it is held the shortest: the year's counter
 * (bumped once by n: keys stay gapless, in the order given) → the incidents → the chain heads and
 * timeline entries → the audit head and entries → NOTIFY (delivered at commit).
 */
export async function writeDeclarations(tx: Tx, now: Date, items: Declaration[]): Promise<DeclaredRow[]> {
  if (items.length === 0) return [];
  const year = now.getUTCFullYear();
  const first = await takeNumbers(tx, `incident:${year}`, items.length);
  const rows = items.map((d, i) => declaredRow(d, `INC-${year}-${String(first + i).padStart(4, '0')}`, now));
  await insertIncidents(tx, rows);
  await startTimelines(tx, now, items, rows);
  await appendAuditBatch(
    tx,
    items.map((d, i): BatchAuditEntry => {
      const row = rows[i] as DeclaredRow;
      return {
        at: now,
        actorId: d.actor.userId,
        requestId: d.actor.requestId,
        action: DECLARED,
        targetType: 'incident',
        targetId: row.key,
        incidentId: row.id,
        data: {
          severity: row.severity,
          type: row.type,
          visibility: row.visibility,
          fromEvent: d.fromEventRef,
        },
      };
    }),
  );
  await announceChanges(
    tx,
    rows.map((r) => ({ kind: 'incident', key: r.key, id: r.id, visibility: r.visibility })),
  );
  return rows;
}

/** Takes `n` consecutive numbers of a counter in one upsert; returns the first. The row stays locked. */
async function takeNumbers(tx: Tx, name: string, n: number): Promise<number> {
  const [row] = await tx
    .insert(counters)
    .values({ name, value: n })
    .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + ${n}` } })
    .returning({ value: counters.value });
  if (!row) throw new Error(`counter ${name} returned no row`);
  return Number(row.value) - n + 1;
}

function declaredRow(d: Declaration, key: string, now: Date): DeclaredRow {
  return {
    id: d.id,
    key,
    title: d.input.title,
    summary: d.input.summary,
    type: d.input.type,
    severity: d.severity.key,
    phase: d.initialPhase,
    isOpen: true,
    classification: d.input.classification ?? null,
    location: d.input.location ?? null,
    likelihood: d.input.likelihood ?? null,
    ownerTeam: d.ownerTeam,
    assigneeId: d.input.assigneeId ?? null,
    visibility: d.visibility,
    suspectedInternalActor: d.input.suspectedInternalActor,
    policyVersion: d.policyVersion,
    remediationDueAt: remediationDueAt(d.severity, now),
    phaseTimes: { [d.initialPhase]: now.toISOString() },
    declaredAt: now,
    declaredBy: d.actor.userId,
    closedAt: null,
    updatedAt: now,
  };
}

/** One multi-row INSERT (one JSON parameter, whatever the count), in key order so `ord` follows keys. */
async function insertIncidents(tx: Tx, rows: DeclaredRow[]): Promise<void> {
  const json = rows.map((r, i) => ({
    i,
    id: r.id,
    key: r.key,
    title: r.title,
    summary: r.summary,
    type: r.type,
    severity: r.severity,
    phase: r.phase,
    classification: r.classification,
    location: r.location,
    likelihood: r.likelihood,
    owner_team: r.ownerTeam,
    assignee_id: r.assigneeId,
    visibility: r.visibility,
    suspected_internal_actor: r.suspectedInternalActor,
    policy_version: r.policyVersion,
    remediation_due_at: r.remediationDueAt?.toISOString() ?? null,
    phase_times: r.phaseTimes,
    declared_at: r.declaredAt.toISOString(),
    declared_by: r.declaredBy,
  }));
  await tx.execute(sql`insert into ${incidents} (id, key, title, summary, type, severity, phase, is_open,
      classification, location, likelihood, owner_team, assignee_id, visibility, suspected_internal_actor,
      policy_version, remediation_due_at, phase_times, declared_at, declared_by, updated_at)
    select id, key, title, summary, type, severity, phase, true, classification, location, likelihood,
      owner_team, assignee_id, visibility, suspected_internal_actor, policy_version, remediation_due_at,
      phase_times, declared_at, declared_by, declared_at
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as r(i int, id uuid, key text, title text,
      summary text, type text, severity text, phase text, classification text, location text,
      likelihood text, owner_team text, assignee_id uuid, visibility text, suspected_internal_actor boolean,
      policy_version integer, remediation_due_at timestamptz, phase_times jsonb, declared_at timestamptz,
      declared_by uuid)
    order by i`);
}

/**
 * Every new incident's timeline: its chain head and first entry, hashed exactly as `startTimeline` does
 * (same content, same genesis), written in one statement for the whole batch.
 */
async function startTimelines(tx: Tx, now: Date, items: Declaration[], rows: DeclaredRow[]): Promise<void> {
  const json = rows.map((row, i) => {
    const d = items[i] as Declaration;
    const data = {
      key: row.key,
      title: row.title,
      type: row.type,
      severity: row.severity,
      requestedSeverity: d.input.severity,
      phase: row.phase,
      visibility: row.visibility,
      policyVersion: row.policyVersion,
      remediationDueAt: row.remediationDueAt?.toISOString() ?? null,
      specialCases: d.specialCases,
      fromEvent: d.fromEventRef,
    };
    const entry = { incidentId: row.id, seq: 1, kind: DECLARED, at: now, actorId: d.actor.userId, data };
    return {
      chain: timelineChain(row.id),
      id: newId(),
      incident_id: row.id,
      actor_id: d.actor.userId,
      data,
      hash: chainHash(GENESIS_HASH, timelineContent(entry)),
    };
  });
  await tx.execute(sql`with r as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(json)}::jsonb)
        as r(chain text, id uuid, incident_id uuid, actor_id uuid, data jsonb, hash text)),
    heads as (insert into ${chainHeads} (chain, seq, hash) select chain, 1, hash from r)
    insert into ${timelineEntries} (id, incident_id, seq, kind, at, actor_id, data, prev_hash, hash)
    select id, incident_id, 1, ${DECLARED}, ${now.toISOString()}::timestamptz, actor_id, data, ${GENESIS_HASH}, hash
    from r`);
}
