import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { canonicalJson, chainHash } from '../platform/chain.ts';
import type { Tx } from '../platform/db/client.ts';
import { auditLog, chainHeads } from './tables.ts';

export interface AuditInput {
  action: string;
  targetType: string;
  targetId?: string | null;
  incidentId?: string | null;
  data?: Record<string, unknown>;
}

/** What an audit entry's hash covers: everything but the hashes themselves. */
export function auditContent(row: {
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  incidentId: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
}) {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    incidentId: row.incidentId,
    requestId: row.requestId,
    data: row.data,
  };
}

/**
 * `canonicalJson(auditContent(row))` built directly in its (sorted) key order: what a group commit hashes
 * once per entry, at half the cost (measured: 2.1 µs instead of 4.6 µs for an alert's entry).
 */
export function auditContentJson(row: Parameters<typeof auditContent>[0]): string {
  const s = JSON.stringify;
  return `{"action":${s(row.action)},"actorId":${s(row.actorId ?? null)},"at":${s(row.at.toISOString())},"data":${canonicalJson(row.data)},"incidentId":${s(row.incidentId ?? null)},"requestId":${s(row.requestId ?? null)},"seq":${s(row.seq)},"targetId":${s(row.targetId ?? null)},"targetType":${s(row.targetType)}}`;
}

/**
 * Appends to the audit chain inside the caller's transaction. Call it last in a use case: the head row
 * stays locked until commit, so the lock is held for as short a time as possible.
 */
export async function appendAudit(tx: Tx, actor: Actor, at: Date, input: AuditInput): Promise<void> {
  const [head] = await tx
    .select({ seq: chainHeads.seq, hash: chainHeads.hash })
    .from(chainHeads)
    .where(eq(chainHeads.chain, 'audit'))
    .for('update');
  if (!head) throw new Error('audit chain head is missing; run the migrations');
  const row = {
    seq: head.seq + 1,
    at,
    actorId: actor.userId,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    incidentId: input.incidentId ?? null,
    requestId: actor.requestId,
    data: input.data ?? {},
  };
  const hash = chainHash(head.hash, auditContent(row));
  await tx.execute(sql`with ins as (
      insert into ${auditLog} (seq, at, actor_id, action, target_type, target_id, incident_id, request_id, data, prev_hash, hash)
      values (${row.seq}, ${row.at.toISOString()}, ${row.actorId}, ${row.action}, ${row.targetType}, ${row.targetId},
              ${row.incidentId}, ${row.requestId}, ${JSON.stringify(row.data)}::jsonb, ${head.hash}, ${hash}))
    update ${chainHeads} set seq = ${row.seq}, hash = ${hash} where chain = 'audit'`);
}
