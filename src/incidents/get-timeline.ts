import type { Actor } from '../access/actor.ts';
import { userRef } from '../access/present.ts';
import { usersByIds } from '../access/store.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { listTimelineEntries } from '../timeline/list.ts';
import { loadIncident } from './load.ts';

/**
 * An incident's timeline, oldest first, paginated by sequence number. Reading a restricted incident's
 * timeline is audited like reading the incident.
 * @throws incident.not_found
 */
export function getTimeline(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  key: string,
  afterSeq: number,
  limit: number,
) {
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, {
      lock: false,
      audit: { action: 'incident.timeline_read', at: deps.clock.now() },
    });
    const rows = await listTimelineEntries(tx, row.id, afterSeq, limit + 1);
    const page = rows.slice(0, limit);
    const users = await usersByIds(
      tx,
      page.flatMap((e) => (e.actorId ? [e.actorId] : [])),
    );
    const items = page.map((e) => {
      const user = e.actorId ? users.get(e.actorId) : undefined;
      return {
        seq: e.seq,
        kind: e.kind,
        at: e.at.toISOString(),
        actor: user ? userRef(user) : null,
        data: e.data,
        hash: e.hash,
      };
    });
    const last = page.at(-1);
    return { items, nextCursor: rows.length > limit && last ? String(last.seq) : null };
  });
}
