import { systemActor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { type Recipient, resolveTargets } from '../directory/index.ts';
import { findIncidentById, type IncidentRow } from '../incidents/index.ts';
import { incidentTargetContext, isOutOfBand, notify } from '../notifications/index.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { newId } from '../platform/ids.ts';
import type { Timer } from '../platform/jobs/jobs.ts';
import type { Policy } from '../policy/schema.ts';
import { getPolicyVersion } from '../policy/versions.ts';
import { appendTimeline } from '../timeline/append.ts';
import { calendarOf, fillAgenda } from './agenda.ts';
import { type Meeting, meetingApplies, nextOccurrence, occurrenceOn } from './schedule.ts';
import { insertOccurrence, lastOccurrence, upcomingInvited, updateOccurrence } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'config'>;
export const MEETING_TIMER = 'meeting.invite';

/** The incident page's meetings panel refetches when an invitation goes out or is cancelled (app/live.ts). */
const announce = (tx: Tx, incident: IncidentRow) =>
  announceChange(tx, {
    kind: 'incident',
    key: incident.key,
    id: incident.id,
    visibility: incident.visibility,
  });

/** Schedules the next invitation of each meeting that applies to the incident (idempotent by date). */
export async function planMeetings(tx: Tx, deps: Deps, incident: IncidentRow): Promise<void> {
  const policy = (await getPolicyVersion(tx, incident.policyVersion)).document;
  const now = deps.clock.now();
  for (const m of policy.meetings) {
    if (!meetingApplies(policy, m, incident)) {
      await cancelUpcoming(tx, deps, policy, incident, m, 'the meeting no longer applies to the incident');
      continue;
    }
    await scheduleInvite(tx, deps, incident, m, nextOccurrence(m, now, now));
  }
}

async function scheduleInvite(
  tx: Tx,
  deps: Deps,
  incident: IncidentRow,
  m: Meeting,
  o: ReturnType<typeof nextOccurrence>,
) {
  await deps.jobs.schedule(tx, {
    key: `mtg:${incident.id}:${m.id}:${o.date}`,
    kind: MEETING_TIMER,
    dueAt: o.inviteAt,
    payload: { incidentId: incident.id, meetingId: m.id, date: o.date },
  });
}

async function invitees(tx: Tx, deps: Deps, policy: Policy, incident: IncidentRow, m: Meeting) {
  const ctx = await incidentTargetContext(tx, incident, deps.clock.now());
  return resolveTargets(tx, policy, m.invite, ctx);
}

function organizer(deps: Deps, outOfBand: boolean): string {
  const n = deps.config.notifications;
  return (outOfBand ? n.oobSmtp?.from : n.smtp?.from) ?? 'cordon@localhost';
}

const attendees = (rs: readonly Recipient[]) =>
  rs.flatMap((r) => (r.email ? [{ name: r.name, email: r.email }] : []));

/**
 * Timer: time to invite to the next occurrence. Sends the iCalendar invitation by e-mail with the agenda
 * filled from the incident, records it on the timeline, and schedules the following occurrence — until the
 * incident is resolved or closed, when the chain simply stops.
 */
export async function onMeetingInvite(deps: Deps, timer: Timer): Promise<void> {
  const { incidentId, meetingId, date } = timer.payload as {
    incidentId: string;
    meetingId: string;
    date: string;
  };
  await withTransaction(deps.db, async (tx) => {
    const incident = await findIncidentById(tx, incidentId);
    if (!incident) return;
    const policy = (await getPolicyVersion(tx, incident.policyVersion)).document;
    const m = policy.meetings.find((x) => x.id === meetingId);
    if (!m || !meetingApplies(policy, m, incident)) return;
    const now = deps.clock.now();
    const o = occurrenceOn(m, date, now);
    const previous = await lastOccurrence(tx, incidentId, meetingId);
    const uid = `${incident.key}-${m.id}-${date}@cordon`;
    const row = await insertOccurrence(tx, {
      id: newId(),
      incidentId,
      meetingId,
      date,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      uid,
      state: 'invited',
      invitedAt: now,
    });
    if (!row) return;
    const outOfBand = await isOutOfBand(tx, incident.id);
    const { recipients, gaps } = await invitees(tx, deps, policy, incident, m);
    const agenda = await fillAgenda(tx, policy, m, incident, previous?.startsAt ?? null, now);
    const link = `${deps.config.notifications.baseUrl}/incidents/${incident.key}`;
    const restricted = incident.visibility === 'restricted';
    const ics = calendarOf({
      method: 'REQUEST',
      uid,
      sequence: 0,
      start: o.startsAt,
      end: o.endsAt,
      summary: `${m.name}: ${incident.key}${restricted ? '' : ` ${incident.title}`}`,
      description: restricted
        ? `${m.name} for ${incident.key}. The agenda is in Cordon: ${link}`
        : [...agenda.lines, '', link].join('\n'),
      organizer: organizer(deps, outOfBand),
      attendees: attendees(recipients),
      url: link,
    });
    const outcomes = await notify(tx, deps, {
      key: `meeting:${row.id}:invite`,
      purpose: 'meeting',
      recipients,
      channels: ['email'],
      notice: () => ({
        purpose: 'meeting',
        subjectRef: incident.key,
        headline: `${m.name} for ${incident.key}, ${o.startsAt.toISOString()}${restricted ? '' : `: ${incident.title}`}`,
        brief: `${m.name} for ${incident.key} at ${o.startsAt.toISOString()}`,
        lines: agenda.lines,
        link,
        ackUrl: null,
        ackToken: null,
        baseUrl: null,
        restricted,
        data: { meeting: m.id, date, startsAt: o.startsAt.toISOString() },
        calendar: { method: 'REQUEST', ics },
      }),
      incidentId: incident.id,
      eventId: null,
    });
    await appendTimeline(tx, {
      incidentId,
      kind: 'meeting.invited',
      at: now,
      actorId: null,
      data: {
        occurrenceId: row.id,
        meeting: m.id,
        name: m.name,
        date,
        startsAt: o.startsAt.toISOString(),
        endsAt: o.endsAt.toISOString(),
        invitees: outcomes.map((x) => ({ recipient: x.recipient, status: x.status, reason: x.reason })),
        gaps,
        agenda: agenda.lines,
      },
    });
    await scheduleInvite(tx, deps, incident, m, nextOccurrence(m, o.startsAt, now));
    await announce(tx, incident);
    await appendAudit(tx, systemActor(), now, {
      action: 'meeting.invited',
      targetType: 'incident',
      targetId: incident.key,
      incidentId,
      data: { meeting: m.id, date },
    });
  });
}

/** Cancels the invited occurrences still ahead (METHOD:CANCEL to the invitees) when the meeting stops. */
async function cancelUpcoming(
  tx: Tx,
  deps: Deps,
  policy: Policy,
  incident: IncidentRow,
  m: Meeting,
  reason: string,
) {
  const now = deps.clock.now();
  const upcoming = await upcomingInvited(tx, incident.id, m.id, now);
  if (upcoming.length === 0) return;
  const { recipients } = await invitees(tx, deps, policy, incident, m);
  const outOfBand = await isOutOfBand(tx, incident.id);
  const link = `${deps.config.notifications.baseUrl}/incidents/${incident.key}`;
  for (const o of upcoming) {
    await updateOccurrence(tx, o.id, { state: 'cancelled', cancelledAt: now, sequence: o.sequence + 1 });
    const ics = calendarOf({
      method: 'CANCEL',
      uid: o.uid,
      sequence: o.sequence + 1,
      start: o.startsAt,
      end: o.endsAt,
      summary: `Cancelled: ${m.name}: ${incident.key}`,
      description: `Cancelled: ${reason}.`,
      organizer: organizer(deps, outOfBand),
      attendees: attendees(recipients),
      url: link,
    });
    await notify(tx, deps, {
      key: `meeting:${o.id}:cancel`,
      purpose: 'meeting',
      recipients,
      channels: ['email'],
      notice: () => ({
        purpose: 'meeting',
        subjectRef: incident.key,
        headline: `Cancelled: ${m.name} for ${incident.key} on ${o.date}`,
        brief: `${m.name} for ${incident.key} on ${o.date} is cancelled`,
        lines: [`Cancelled: ${reason}.`],
        link,
        ackUrl: null,
        ackToken: null,
        baseUrl: null,
        restricted: incident.visibility === 'restricted',
        data: { meeting: m.id, date: o.date, cancelled: true },
        calendar: { method: 'CANCEL', ics },
      }),
      incidentId: incident.id,
      eventId: null,
    });
    await appendTimeline(tx, {
      incidentId: incident.id,
      kind: 'meeting.cancelled',
      at: now,
      actorId: null,
      data: { occurrenceId: o.id, meeting: m.id, date: o.date, reason },
    });
  }
  await announce(tx, incident);
}

/** Closing (or resolving) an incident stops its meetings and cancels the next one already sent. */
export async function stopMeetings(tx: Tx, deps: Deps, incident: IncidentRow): Promise<void> {
  const policy = (await getPolicyVersion(tx, incident.policyVersion)).document;
  for (const m of policy.meetings) {
    if (!meetingApplies(policy, m, incident))
      await cancelUpcoming(
        tx,
        deps,
        policy,
        incident,
        m,
        `${incident.key} is ${incident.isOpen ? 'resolved' : 'closed'}`,
      );
  }
}
