import { eq, type SQL, sql } from 'drizzle-orm';
import { chainHashOfText } from '../platform/chain.ts';
import { plainArray, textArray } from '../platform/db/arrays.ts';
import type { Tx } from '../platform/db/client.ts';
import { auditContentJson } from './append.ts';
import { auditLog, chainHeads } from './tables.ts';

export interface BatchAuditEntry {
  at: Date;
  actorId: string | null;
  requestId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  incidentId: string | null;
  data: Record<string, unknown>;
}

/** Where the audit chain ends: the last entry's number and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Entries chained after a head, ready to insert, and the head they leave. */
export interface ChainedEntries {
  after: ChainHead;
  last: ChainHead;
  entries: BatchAuditEntry[];
  hashes: string[];
}

/**
 * Chains entries after `head`, in the order given: the same hashes as `appendAudit` would give them one by
 * one (`hash = SHA-256(prev ‖ canonical content)`, content from `auditContent`, canonical JSON from
 * `auditContentJson`).
 */
export function chainEntries(head: ChainHead, entries: BatchAuditEntry[]): ChainedEntries {
  let seq = head.seq;
  let prev = head.hash;
  const hashes = entries.map((e) => {
    seq += 1;
    prev = chainHashOfText(prev, auditContentJson({ seq, ...e }));
    return prev;
  });
  return { after: head, last: { seq, hash: prev }, entries, hashes };
}

/**
 * The insert of chained entries, columns as arrays and the data as one JSON array; `guard` names a CTE that
 * must have returned a row (or null: always).
 */
function insertRows(c: ChainedEntries, guard: SQL | null): SQL {
  const { entries, hashes } = c;
  const plain = (pick: (e: BatchAuditEntry) => string | null) => plainArray(entries.map(pick));
  const text = (pick: (e: BatchAuditEntry) => string | null) => textArray(entries.map(pick));
  const prevs = plainArray([c.after.hash, ...hashes.slice(0, -1)]);
  return sql`insert into ${auditLog} (seq, at, actor_id, action, target_type, target_id, incident_id, request_id, data, prev_hash, hash)
    select ${c.after.seq}::bigint + r.n, r.at, r.actor_id, r.action, r.target_type, r.target_id, r.incident_id,
      r.request_id, r.data::jsonb, r.prev_hash, r.hash
    from rows from (unnest(${plain((e) => e.at.toISOString())}::timestamptz[]), unnest(${plain((e) => e.actorId)}::uuid[]),
      unnest(${text((e) => e.action)}::text[]), unnest(${text((e) => e.targetType)}::text[]),
      unnest(${text((e) => e.targetId)}::text[]), unnest(${plain((e) => e.incidentId)}::uuid[]),
      unnest(${text((e) => e.requestId)}::text[]),
      json_array_elements_text(${JSON.stringify(entries.map((e) => e.data))}::json),
      unnest(${prevs}::text[]), unnest(${plainArray(hashes)}::text[]))
      with ordinality as r(at, actor_id, action, target_type, target_id, incident_id, request_id, data, prev_hash,
        hash, n)${guard ? sql` where exists (select 1 from ${guard})` : sql``}`;
}

/**
 * Two CTEs for a caller's statement (`audit_head`, `audit_rows`): they append the chained entries only if the
 * head is still the one they were chained after, and move the head. The head row is locked by that same
 * statement, so a caller that makes it its last statement holds the lock only until commit. When the head
 * has moved (another writer appended first), nothing is written and `audit_head` is empty: the caller then
 * appends with `appendAuditBatch`, which locks the head before it reads it.
 */
export function appendIfHeadUnmovedCtes(c: ChainedEntries): SQL {
  return sql`audit_head as (
      update ${chainHeads} set seq = ${c.last.seq}, hash = ${c.last.hash}
      where chain = 'audit' and seq = ${c.after.seq} and hash = ${c.after.hash}
      returning 1),
    audit_rows as (${insertRows(c, sql.raw('audit_head'))})`;
}

/**
 * One statement that inserts the chained entries and moves the head to the last, whatever the head is now:
 * for a transaction that commits right after it (`alerts/ingest-store.ts`). The entries are numbered after
 * `c.after`, so if another writer appended since, the primary key on `seq` refuses them (23505,
 * `audit_log_pkey`) and the transaction fails whole; the chain never forks.
 */
export function appendChainedSql(c: ChainedEntries): SQL {
  return sql`with audit_rows as (${insertRows(c, null)})
    update ${chainHeads} set seq = ${c.last.seq}, hash = ${c.last.hash} where chain = 'audit'`;
}

/**
 * Appends many entries to the audit chain in two statements: the same chain, hashes and head as
 * `appendAudit`, one entry each, but one head lock and one insert for a whole group commit. Call it last
 * in the transaction, like `appendAudit`: the head row stays locked until commit. Entries are chained in
 * the order given.
 */
export async function appendAuditBatch(tx: Tx, entries: BatchAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const [head] = await tx
    .select({ seq: chainHeads.seq, hash: chainHeads.hash })
    .from(chainHeads)
    .where(eq(chainHeads.chain, 'audit'))
    .for('update');
  if (!head) throw new Error('audit chain head is missing; run the migrations');
  await tx.execute(appendChainedSql(chainEntries(head, entries)));
}
