import type { Actor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { type TimelinePage, timelinePage } from '../timeline/list.ts';
import { loadIncident } from './load.ts';

/**
 * An incident's timeline, oldest first, paginated by sequence number. Reading a restricted incident's
 * timeline is audited like reading the incident, in one transaction with the read; any other incident's
 * timeline is two reads (the incident, for need-to-know; then the page) and no transaction, since the
 * timeline is append-only.
 * @throws incident.not_found
 */
export async function getTimeline(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  key: string,
  afterSeq: number,
  limit: number,
): Promise<TimelinePage> {
  const { row } = await loadIncident(deps.db, actor, key, { lock: false });
  if (row.visibility === 'normal') return timelinePage(deps.db, row.id, afterSeq, limit);
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, {
      lock: false,
      audit: { action: 'incident.timeline_read', at: deps.clock.now() },
    });
    return timelinePage(tx, row.id, afterSeq, limit);
  });
}
