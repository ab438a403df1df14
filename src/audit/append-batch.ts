import { eq, sql } from 'drizzle-orm';
import { chainHash } from '../platform/chain.ts';
import type { Tx } from '../platform/db/client.ts';
import { auditContent } from './append.ts';
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
  let seq = head.seq;
  let prev = head.hash;
  const rows = entries.map((e) => {
    seq += 1;
    const row = { seq, ...e };
    const hash = chainHash(prev, auditContent(row));
    const out = {
      seq,
      at: e.at.toISOString(),
      actor_id: e.actorId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      incident_id: e.incidentId,
      request_id: e.requestId,
      data: e.data,
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return out;
  });
  await tx.execute(sql`with ins as (
      insert into ${auditLog} (seq, at, actor_id, action, target_type, target_id, incident_id, request_id, data, prev_hash, hash)
      select seq, at, actor_id, action, target_type, target_id, incident_id, request_id, data, prev_hash, hash
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(seq bigint, at timestamptz, actor_id uuid,
        action text, target_type text, target_id text, incident_id uuid, request_id text, data jsonb,
        prev_hash text, hash text))
    update ${chainHeads} set seq = ${seq}, hash = ${prev} where chain = 'audit'`);
}
