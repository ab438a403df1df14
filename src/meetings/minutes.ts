import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { loadIncident } from '../incidents/index.ts';
import { announceChange } from '../platform/changes.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { appendTimeline } from '../timeline/append.ts';
import { findOccurrence, type OccurrenceRow, occurrencesOf, updateOccurrence } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

const present = (o: OccurrenceRow) => ({
  id: o.id,
  meeting: o.meetingId,
  date: o.date,
  startsAt: o.startsAt.toISOString(),
  endsAt: o.endsAt.toISOString(),
  state: o.state,
  invitedAt: o.invitedAt.toISOString(),
  cancelledAt: o.cancelledAt?.toISOString() ?? null,
  minutesAt: o.minutesAt?.toISOString() ?? null,
});
export type OccurrenceView = ReturnType<typeof present>;

export function listMeetings(deps: Deps, actor: Actor, key: string): Promise<{ items: OccurrenceView[] }> {
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, { lock: false });
    return { items: (await occurrencesOf(tx, row.id)).map(present) };
  });
}

/**
 * Records a meeting's minutes on the incident's timeline ("Update documentation and timelines"): what was
 * discussed and decided, who attended. Minutes may be added again (corrections), each one an entry.
 */
export function recordMinutes(
  deps: Deps,
  actor: Actor,
  key: string,
  occurrenceId: string,
  input: { text: string; attendees: string[]; decisions: string[] },
): Promise<OccurrenceView> {
  assertCan(actor, 'incident.note');
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, { lock: true });
    const occurrence = await findOccurrence(tx, occurrenceId, true);
    if (!occurrence || occurrence.incidentId !== row.id)
      throw new AppError('meeting.not_found', `${row.key} has no meeting ${occurrenceId}.`);
    const now = deps.clock.now();
    const updated = await updateOccurrence(tx, occurrence.id, {
      state: 'minuted',
      minutesAt: now,
      minutesBy: actor.userId,
    });
    await appendTimeline(tx, {
      incidentId: row.id,
      kind: 'meeting.minutes',
      at: now,
      actorId: actor.userId,
      data: {
        occurrenceId: occurrence.id,
        meeting: occurrence.meetingId,
        date: occurrence.date,
        text: input.text,
        attendees: input.attendees,
        decisions: input.decisions,
      },
    });
    await appendAudit(tx, actor, now, {
      action: 'meeting.minutes_recorded',
      targetType: 'incident',
      targetId: row.key,
      incidentId: row.id,
      data: { occurrenceId: occurrence.id, date: occurrence.date },
    });
    await announceChange(tx, { kind: 'incident', key: row.key, id: row.id, visibility: row.visibility });
    return present(updated);
  });
}
