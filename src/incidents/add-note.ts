import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import type { TimelineEntry } from '../timeline/append.ts';
import { loadIncident } from './load.ts';
import { recordIncidentChange } from './record-change.ts';

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
    // The audit entry records that a note was added, not what it says (the timeline holds the text).
    return recordIncidentChange(tx, actor, row, {
      kind: 'note',
      at: now,
      data: { text },
      auditAction: 'incident.note_added',
    });
  });
}
