import { addDays, localDate, zonedTime } from '../directory/index.ts';
import { durationMs } from '../policy/duration.ts';
import type { Policy } from '../policy/schema.ts';

export type Meeting = Policy['meetings'][number];

export interface Occurrence {
  date: string;
  startsAt: Date;
  endsAt: Date;
  /** When its invitation goes out (`inviteBefore` ahead), never before now. */
  inviteAt: Date;
}

/** The first occurrence of a meeting that starts after `after` (daily or weekly, in its time zone). */
export function nextOccurrence(m: Meeting, after: Date, now: Date): Occurrence {
  const step = m.cadence === 'daily' ? 1 : 7;
  let date = localDate(after, m.timeZone);
  let startsAt = zonedTime(date, m.time, m.timeZone);
  while (startsAt <= after) {
    date = addDays(date, step);
    startsAt = zonedTime(date, m.time, m.timeZone);
  }
  const inviteAt = new Date(Math.max(now.getTime(), startsAt.getTime() - durationMs(m.inviteBefore)));
  return { date, startsAt, endsAt: new Date(startsAt.getTime() + durationMs(m.duration)), inviteAt };
}

/** The occurrence on a given local date. */
export function occurrenceOn(m: Meeting, date: string, now: Date): Occurrence {
  const startsAt = zonedTime(date, m.time, m.timeZone);
  const inviteAt = new Date(Math.max(now.getTime(), startsAt.getTime() - durationMs(m.inviteBefore)));
  return { date, startsAt, endsAt: new Date(startsAt.getTime() + durationMs(m.duration)), inviteAt };
}

/** Whether the meeting still runs for an incident in this state (its severity, and `until`). */
export function meetingApplies(
  policy: Policy,
  m: Meeting,
  incident: { severity: string; phase: string; isOpen: boolean },
): boolean {
  if (!incident.isOpen || !m.severities.includes(incident.severity)) return false;
  if (m.until === 'resolved') {
    const phase = policy.phases.find((p) => p.key === incident.phase);
    if (phase?.resolved || phase?.closing) return false;
  }
  return true;
}
