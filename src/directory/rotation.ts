import { addDays, daysBetween, isoWeekday, localDate, zonedTime } from './zoned-time.ts';

/** An on-call rotation: who is on call follows from these alone (pure, tested without a database). */
export interface Rotation {
  rotation: 'daily' | 'weekly';
  timeZone: string;
  handoffTime: string;
  handoffDay: number;
  startDate: string;
  participants: readonly string[];
}
export interface OverrideWindow {
  id: string;
  personId: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
}
export interface Shift {
  personId: string;
  startsAt: Date;
  endsAt: Date;
  /** 'rotation' or the id of the override that put this person on call. */
  source: string;
}

/** The rotation's shift that contains `at`, or null before the schedule starts or with nobody in it. */
export function rotationShiftAt(r: Rotation, at: Date): Shift | null {
  const n = r.participants.length;
  if (n === 0) return null;
  const period = r.rotation === 'daily' ? 1 : 7;
  let day = localDate(at, r.timeZone);
  if (r.rotation === 'weekly') day = addDays(day, -((isoWeekday(day) - r.handoffDay + 7) % 7));
  if (zonedTime(day, r.handoffTime, r.timeZone) > at) day = addDays(day, -period);
  const anchor =
    r.rotation === 'daily'
      ? r.startDate
      : addDays(r.startDate, -((isoWeekday(r.startDate) - r.handoffDay + 7) % 7));
  const index = Math.floor(daysBetween(anchor, day) / period);
  const startsAt = zonedTime(day, r.handoffTime, r.timeZone);
  if (index < 0 || startsAt < zonedTime(r.startDate, r.handoffTime, r.timeZone)) return null;
  const personId = r.participants[index % n];
  if (!personId) return null;
  return {
    personId,
    startsAt,
    endsAt: zonedTime(addDays(day, period), r.handoffTime, r.timeZone),
    source: 'rotation',
  };
}

/** Who is on call at `at`: an override covering it (the latest made wins), else the rotation. */
export function shiftAt(r: Rotation, overrides: readonly OverrideWindow[], at: Date): Shift | null {
  const covering = overrides
    .filter((o) => o.startsAt <= at && at < o.endsAt)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (covering) {
    return {
      personId: covering.personId,
      startsAt: covering.startsAt,
      endsAt: covering.endsAt,
      source: covering.id,
    };
  }
  return rotationShiftAt(r, at);
}

/**
 * The shifts between two instants, overrides applied: the calendar of a schedule. Walks hand-off to
 * hand-off and cuts at every override edge, so each returned shift has one person.
 */
export function shiftsBetween(
  r: Rotation,
  overrides: readonly OverrideWindow[],
  from: Date,
  to: Date,
  limit = 500,
): Shift[] {
  const out: Shift[] = [];
  let at = from;
  while (at < to && out.length < limit) {
    const shift = shiftAt(r, overrides, at);
    const edges = overrides
      .flatMap((o) => [o.startsAt, o.endsAt])
      .filter((e) => e > at)
      .map((e) => e.getTime());
    const firstHandoff = zonedTime(r.startDate, r.handoffTime, r.timeZone);
    if (firstHandoff > at) edges.push(firstHandoff.getTime());
    const rotationEnd = rotationShiftAt(r, at)?.endsAt.getTime();
    const nextEdge = Math.min(
      to.getTime(),
      shift?.endsAt.getTime() ?? Infinity,
      rotationEnd ?? Infinity,
      ...edges,
    );
    if (!Number.isFinite(nextEdge) || nextEdge <= at.getTime()) break;
    const end = new Date(nextEdge);
    if (shift) {
      const last = out[out.length - 1];
      if (last && last.personId === shift.personId && last.source === shift.source && last.endsAt >= at) {
        last.endsAt = end;
      } else {
        out.push({ ...shift, startsAt: at, endsAt: end });
      }
    }
    at = end;
  }
  return out;
}
