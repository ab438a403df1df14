import type { Tx } from '../platform/db/client.ts';
import { type Rotation, type Shift, shiftAt, shiftsBetween } from './rotation.ts';
import { findSchedule, listOverrideRows, type ScheduleRow } from './store.ts';

export const rotationOf = (s: ScheduleRow): Rotation => ({
  rotation: s.rotation,
  timeZone: s.timeZone,
  handoffTime: s.handoffTime,
  handoffDay: s.handoffDay,
  startDate: s.startDate,
  participants: s.participants,
});

/** Who is on call in a schedule at an instant; undefined when the schedule is unknown. */
export async function onCallShift(
  tx: Tx,
  scheduleKey: string,
  at: Date,
): Promise<{ schedule: ScheduleRow; shift: Shift | null } | undefined> {
  const schedule = await findSchedule(tx, scheduleKey);
  if (!schedule) return undefined;
  const overrides = await listOverrideRows(tx, scheduleKey, at);
  return { schedule, shift: shiftAt(rotationOf(schedule), overrides, at) };
}

/** The shifts of a schedule between two instants (the on-call calendar, for any future time). */
export async function scheduleShifts(tx: Tx, schedule: ScheduleRow, from: Date, to: Date): Promise<Shift[]> {
  const overrides = await listOverrideRows(tx, schedule.key, from);
  return shiftsBetween(rotationOf(schedule), overrides, from, to);
}
