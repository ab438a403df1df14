import { asc, like, sql } from 'drizzle-orm';
import { chainHeads } from '../audit/tables.ts';
import { chainHash, GENESIS_HASH } from '../platform/chain.ts';
import type { Tx } from '../platform/db/client.ts';
import { timelineContent } from './append.ts';
import { timelineEntries } from './tables.ts';

export interface TimelineBreak {
  incidentId: string;
  seq: number;
  reason: string;
}

/**
 * Recomputes every incident timeline chain and compares its end with the recorded head (so removing the
 * newest entries is caught too). Returns the first break, in incident order.
 */
export async function verifyTimelines(
  tx: Tx,
): Promise<{ incidents: number; checked: number; firstBroken: TimelineBreak | null }> {
  const heads = await tx
    .select()
    .from(chainHeads)
    .where(like(chainHeads.chain, 'incident:%'))
    .orderBy(asc(chainHeads.chain));
  let checked = 0;
  for (const head of heads) {
    const incidentId = head.chain.slice('incident:'.length);
    const rows = await tx
      .select()
      .from(timelineEntries)
      .where(sql`${timelineEntries.incidentId} = ${incidentId}`)
      .orderBy(asc(timelineEntries.seq));
    let prevHash = GENESIS_HASH;
    let seq = 1;
    for (const row of rows) {
      const fail = (reason: string) => ({
        incidents: heads.length,
        checked,
        firstBroken: { incidentId, seq: row.seq, reason },
      });
      if (row.seq !== seq)
        return {
          incidents: heads.length,
          checked,
          firstBroken: { incidentId, seq, reason: 'entry is missing' },
        };
      if (row.prevHash !== prevHash) return fail('previous-hash link does not match');
      const hash = chainHash(prevHash, timelineContent(row));
      if (hash !== row.hash) return fail('content does not match its hash');
      prevHash = hash;
      seq += 1;
      checked += 1;
    }
    if (seq - 1 !== head.seq || prevHash !== head.hash) {
      return {
        incidents: heads.length,
        checked,
        firstBroken: { incidentId, seq, reason: 'entries after this point are missing' },
      };
    }
  }
  return { incidents: heads.length, checked, firstBroken: null };
}
