import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { Cover, OnCallNow, Schedule, Shift } from '../../api/types.ts';

export const schedulesQuery = queryOptions({
  queryKey: ['oncall', 'schedules'],
  queryFn: () => get<{ items: Schedule[] }>('/oncall/schedules'),
});

/** Who is on call in every schedule: now (`at` undefined, refreshed each minute) or at a chosen time. */
export const onCallQuery = (at: string | undefined) =>
  queryOptions({
    queryKey: ['oncall', 'now', at ?? 'now'],
    queryFn: () => get<OnCallNow>('/oncall/now', at ? { at } : undefined),
    ...(at ? {} : { refetchInterval: 60_000 }),
  });

export const shiftsQuery = (schedule: string, from: string, to: string) =>
  queryOptions({
    queryKey: ['oncall', 'shifts', schedule, from, to],
    queryFn: () => get<{ items: Shift[] }>(`/oncall/schedules/${schedule}/shifts`, { from, to }),
  });

export const coversQuery = queryOptions({
  queryKey: ['oncall', 'covers'],
  queryFn: () => get<{ items: Cover[] }>('/oncall/covers'),
});

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Weekly, Mondays at 09:00 (Europe/Berlin)" */
export function describeRotation(s: Pick<Schedule, 'rotation' | 'handoffTime' | 'handoffDay' | 'timeZone'>) {
  const when =
    s.rotation === 'daily'
      ? `daily at ${s.handoffTime}`
      : `weekly, ${WEEKDAYS[s.handoffDay - 1] ?? `day ${s.handoffDay}`}s at ${s.handoffTime}`;
  return `Hands off ${when} (${s.timeZone})`;
}
