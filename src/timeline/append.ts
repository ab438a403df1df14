import { eq, sql } from 'drizzle-orm';
import { chainHeads } from '../audit/tables.ts';
import { chainHash, GENESIS_HASH } from '../platform/chain.ts';
import type { Tx } from '../platform/db/client.ts';
import { newId } from '../platform/ids.ts';
import { timelineEntries } from './tables.ts';

export interface TimelineInput {
  incidentId: string;
  kind: string;
  at: Date;
  actorId: string | null;
  data: Record<string, unknown>;
}

export interface TimelineEntry extends TimelineInput {
  seq: number;
  prevHash: string;
  hash: string;
}

export const timelineChain = (incidentId: string): string => `incident:${incidentId}`;

/** What a timeline entry's hash covers. */
export function timelineContent(e: {
  incidentId: string;
  seq: number;
  kind: string;
  at: Date;
  actorId: string | null;
  data: unknown;
}) {
  return {
    incidentId: e.incidentId,
    seq: e.seq,
    kind: e.kind,
    at: e.at.toISOString(),
    actorId: e.actorId,
    data: e.data,
  };
}

/** Starts a new incident's timeline with its first entry (one statement: chain head and entry together). */
export async function startTimeline(tx: Tx, input: TimelineInput): Promise<TimelineEntry> {
  const entry = { ...input, seq: 1, prevHash: GENESIS_HASH, hash: '' };
  entry.hash = chainHash(GENESIS_HASH, timelineContent(entry));
  await tx.execute(sql`with head as (
      insert into ${chainHeads} (chain, seq, hash) values (${timelineChain(input.incidentId)}, 1, ${entry.hash}))
    insert into ${timelineEntries} (id, incident_id, seq, kind, at, actor_id, data, prev_hash, hash)
    values (${newId()}, ${entry.incidentId}, 1, ${entry.kind}, ${entry.at.toISOString()}, ${entry.actorId},
            ${JSON.stringify(entry.data)}::jsonb, ${GENESIS_HASH}, ${entry.hash})`);
  return entry;
}

/**
 * Appends an entry to an incident's timeline inside the caller's transaction. Every change to an incident
 * lands here in the same transaction as the change itself.
 */
export async function appendTimeline(tx: Tx, input: TimelineInput): Promise<TimelineEntry> {
  const chain = timelineChain(input.incidentId);
  const [head] = await tx
    .select({ seq: chainHeads.seq, hash: chainHeads.hash })
    .from(chainHeads)
    .where(eq(chainHeads.chain, chain))
    .for('update');
  if (!head) throw new Error(`timeline for incident ${input.incidentId} has no head`);
  const entry = { ...input, seq: head.seq + 1, prevHash: head.hash, hash: '' };
  entry.hash = chainHash(head.hash, timelineContent(entry));
  await tx.execute(sql`with ins as (
      insert into ${timelineEntries} (id, incident_id, seq, kind, at, actor_id, data, prev_hash, hash)
      values (${newId()}, ${entry.incidentId}, ${entry.seq}, ${entry.kind}, ${entry.at.toISOString()}, ${entry.actorId},
              ${JSON.stringify(entry.data)}::jsonb, ${entry.prevHash}, ${entry.hash}))
    update ${chainHeads} set seq = ${entry.seq}, hash = ${entry.hash} where chain = ${chain}`);
  return entry;
}
