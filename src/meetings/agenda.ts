import ical, { ICalCalendarMethod } from 'ical-generator';
import { type IncidentRow, type IncidentView, presentOne } from '../incidents/index.ts';
import { eventsOfIncident } from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import type { Policy } from '../policy/schema.ts';
import { findClock, readSla } from '../sla/index.ts';
import { listTimelineEntries } from '../timeline/list.ts';
import type { Meeting } from './schedule.ts';

/**
 * The meeting's agenda is the policy's, word for word, followed by what the record says about each
 * concern on it as of the invitation: documentation and timeline since the last meeting, the SLA clock,
 * the breach question, the root cause analysis. Indicators of compromise and tasks are not tracked in
 * Cordon yet, and the invitation says so rather than inventing them.
 */
export async function fillAgenda(
  tx: Tx,
  policy: Policy,
  meeting: Meeting,
  incident: IncidentRow,
  since: Date | null,
  now: Date,
): Promise<{ view: IncidentView; lines: string[] }> {
  const view = await presentOne(tx, incident);
  const severity = policy.severities.find((s) => s.key === incident.severity);
  const phase = policy.phases.find((p) => p.key === incident.phase);
  const entries = await listTimelineEntries(tx, incident.id, 0, 5000);
  const recent = entries.filter((e) => !since || e.at > since);
  const notes = recent.filter((e) => e.kind === 'note').slice(-3);
  const clock = await findClock(tx, incident.id);
  const sla = clock
    ? readSla(
        {
          startedAt: clock.startedAt,
          dueAt: clock.dueAt,
          closedAt: clock.closedAt,
          warnAt: severity?.slaWarnAt ?? [],
        },
        now,
      )
    : null;
  const type = policy.incidentTypes.find((t) => t.key === incident.type);
  const breachSuspected =
    Boolean(type?.suspectedBreach) ||
    (await eventsOfIncident(tx, incident.id)).some((e) => e.suspectedBreach);
  const deciders = policy.breach?.deciders.map((d) => ('role' in d ? d.role : d.position)).join(' and ');
  const lines = [
    `${meeting.name} — ${incident.key} (${incident.severity}${severity ? ` ${severity.name}` : ''}): ${incident.title}`,
    '',
    'Agenda:',
    ...meeting.agenda.map((item, i) => `  ${i + 1}. ${item}`),
    '',
    `From the record (${now.toISOString()}):`,
    `  - Phase: ${phase?.name ?? incident.phase}`,
    `  - Documentation and timeline: ${recent.length} new entr${recent.length === 1 ? 'y' : 'ies'} ${since ? 'since the last meeting' : 'so far'}${notes.length > 0 ? `; latest notes: ${notes.map((n) => `"${String(n.data.text ?? '').slice(0, 120)}"`).join(', ')}` : ''}`,
    sla
      ? `  - Remediation SLA: ${sla.state.replace('_', ' ')}, ${sla.percentUsed}% used, due ${clock?.dueAt.toISOString()}`
      : '  - Remediation SLA: none for this severity',
    `  - Breach question: ${breachSuspected ? `a breach is suspected; determination by ${deciders ?? 'the policy deciders'}` : 'no breach suspected so far'}`,
    `  - Root cause analysis: ${view.hasRca ? 'on record (review and update it)' : 'not yet written'}`,
    '  - Indicators of compromise and open tasks: not tracked in Cordon yet; record them as notes',
  ];
  return { view, lines };
}

/** The iCalendar invitation (METHOD:REQUEST) or cancellation (METHOD:CANCEL) of one occurrence. */
export function calendarOf(input: {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  organizer: string;
  attendees: { name: string; email: string }[];
  url: string;
}): string {
  const cal = ical({
    prodId: { company: 'Cordon', product: 'cordon', language: 'EN' },
    method: input.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  cal.createEvent({
    id: input.uid,
    sequence: input.sequence,
    start: input.start,
    end: input.end,
    summary: input.summary,
    description: input.description,
    organizer: { name: 'Cordon', email: input.organizer },
    attendees: input.attendees.map((a) => ({ name: a.name, email: a.email, rsvp: true })),
    url: input.url,
  });
  return cal.toString();
}
