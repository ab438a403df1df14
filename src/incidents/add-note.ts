import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { appendTimeline, type TimelineEntry } from '../timeline/append.ts';
import { loadIncident } from './load.ts';

/**
 * Adds a note to an incident's timeline ("update documentation and timelines", the IR meeting agenda).
 * @throws incident.not_found, auth.forbidden
 */
export function addNote(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  key: string,
  text: string,
): Promise<TimelineEntry> {
  assertCan(actor, 'incident.note');
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, { lock: true });
    const now = deps.clock.now();
    const entry = await appendTimeline(tx, {
      incidentId: row.id,
      kind: 'note',
      at: now,
      actorId: actor.userId,
      data: { text },
    });
    await appendAudit(tx, actor, now, {
      action: 'incident.note_added',
      targetType: 'incident',
      targetId: row.key,
      incidentId: row.id,
      data: { seq: entry.seq },
    });
    return entry;
  });
}
