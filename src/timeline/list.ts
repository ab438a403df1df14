import { and, asc, eq, gt } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { timelineEntries } from './tables.ts';

/** Entries of one incident, oldest first, after `afterSeq`. Visibility is checked by the caller. */
export function listTimelineEntries(tx: Tx, incidentId: string, afterSeq: number, limit: number) {
  return tx
    .select()
    .from(timelineEntries)
    .where(and(eq(timelineEntries.incidentId, incidentId), gt(timelineEntries.seq, afterSeq)))
    .orderBy(asc(timelineEntries.seq))
    .limit(limit);
}
