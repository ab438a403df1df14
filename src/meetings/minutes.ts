import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { MeetingOccurrence, MeetingSchedule, Meetings } from '../app/api-types-operations.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { loadIncident } from '../incidents/index.ts';
import { announceChange } from '../platform/changes.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { getPolicyVersion } from '../policy/versions.ts';
import { appendTimeline } from '../timeline/append.ts';
import { meetingApplies, nextOccurrence } from './schedule.ts';
import { findOccurrence, type OccurrenceRow, occurrencesOf, updateOccurrence } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

const present = (o: OccurrenceRow): MeetingOccurrence => ({
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

/**
 * The incident's meetings: each occurrence invited so far, and each meeting of the incident's policy with
 * its cadence, its agenda as the policy words it, whether it runs for the incident now, and the next
 * occurrence (the one already invited, or the one the next invitation will be for).
 */
export function listMeetings(deps: Deps, actor: Actor, key: string): Promise<Meetings> {
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, { lock: false });
    const occurrences = await occurrencesOf(tx, row.id);
    const policy = (await getPolicyVersion(tx, row.policyVersion)).document;
    const now = deps.clock.now();
    const schedule = policy.meetings.map((m): MeetingSchedule => {
      const applies = meetingApplies(policy, m, row);
      const invited = occurrences.find(
        (o) => o.meetingId === m.id && o.state === 'invited' && o.startsAt > now,
      );
      const next = invited
        ? {
            date: invited.date,
            startsAt: invited.startsAt,
            endsAt: invited.endsAt,
            inviteAt: invited.invitedAt,
          }
        : applies
          ? nextOccurrence(m, now, now)
          : null;
      return {
        meeting: m.id,
        name: m.name,
        cadence: m.cadence,
        time: m.time,
        timeZone: m.timeZone,
        duration: m.duration,
        severities: m.severities,
        until: m.until,
        inviteBefore: m.inviteBefore,
        agenda: m.agenda,
        applies,
        next: next
          ? {
              date: next.date,
              startsAt: next.startsAt.toISOString(),
              endsAt: next.endsAt.toISOString(),
              inviteAt: next.inviteAt.toISOString(),
              invited: Boolean(invited),
            }
          : null,
      };
    });
    return { items: occurrences.map(present), schedule };
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
): Promise<MeetingOccurrence> {
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
