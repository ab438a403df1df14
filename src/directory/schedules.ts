import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { OnCallNow, Schedule, Shift as ShiftView } from '../app/api-types-directory.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { onCallShift, scheduleShifts } from './on-call.ts';
import { assertCanReadDirectory, personNotFound } from './people.ts';
import type { Shift } from './rotation.ts';
import type { OverrideInput, ScheduleInput } from './schemas.ts';
import {
  deleteOverride,
  findPersonByHandle,
  findSchedule,
  insertOverride,
  listOverrideRows,
  listScheduleRows,
  peopleByIds,
  type ScheduleRow,
  upsertSchedule,
} from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export const scheduleNotFound = (key: string) =>
  new AppError('directory.schedule_not_found', `There is no on-call schedule "${key}".`);

async function presentShifts(tx: Tx, shifts: Shift[]): Promise<ShiftView[]> {
  const people = await peopleByIds(
    tx,
    shifts.map((s) => s.personId),
  );
  return shifts.map((s) => {
    const p = people.get(s.personId);
    return {
      person: p ? { handle: p.handle, name: p.name } : null,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      source: s.source === 'rotation' ? 'rotation' : 'override',
      overrideId: s.source === 'rotation' ? null : s.source,
    };
  });
}

async function presentSchedule(tx: Tx, row: ScheduleRow, now: Date): Promise<Schedule> {
  const people = await peopleByIds(tx, row.participants);
  const current = await onCallShift(tx, row.key, now);
  const [onCall] = current?.shift ? await presentShifts(tx, [current.shift]) : [];
  const overrides = await listOverrideRows(tx, row.key, now);
  const overridePeople = await peopleByIds(
    tx,
    overrides.map((o) => o.personId),
  );
  return {
    key: row.key,
    name: row.name,
    timeZone: row.timeZone,
    rotation: row.rotation,
    handoffTime: row.handoffTime,
    handoffDay: row.handoffDay,
    startDate: row.startDate,
    participants: row.participants.map((id) => people.get(id)?.handle ?? id),
    onCall: onCall ?? null,
    overrides: overrides.map((o) => ({
      id: o.id,
      person: overridePeople.get(o.personId)?.handle ?? o.personId,
      startsAt: o.startsAt.toISOString(),
      endsAt: o.endsAt.toISOString(),
      reason: o.reason,
    })),
  };
}

/** Creates or replaces a schedule from handles; shared with the import. */
export async function applySchedule(
  tx: Tx,
  now: Date,
  key: string,
  input: ScheduleInput,
): Promise<ScheduleRow> {
  const participants: string[] = [];
  for (const handle of input.participants) {
    const person = await findPersonByHandle(tx, handle);
    if (!person) throw personNotFound(handle);
    participants.push(person.id);
  }
  return upsertSchedule(tx, {
    key,
    name: input.name,
    timeZone: input.timeZone,
    rotation: input.rotation,
    handoffTime: input.handoffTime,
    handoffDay: input.handoffDay,
    startDate: input.startDate,
    participants,
    createdAt: now,
    updatedAt: now,
  });
}

export function putSchedule(deps: Deps, actor: Actor, key: string, input: ScheduleInput): Promise<Schedule> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const row = await applySchedule(tx, now, key, input);
    await appendAudit(tx, actor, now, {
      action: 'oncall.schedule_changed',
      targetType: 'oncall_schedule',
      targetId: key,
    });
    return presentSchedule(tx, row, now);
  });
}

export function listSchedules(deps: Deps, actor: Actor): Promise<{ items: Schedule[] }> {
  assertCanReadDirectory(actor);
  return withTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const rows = await listScheduleRows(tx);
    const items: Schedule[] = [];
    for (const row of rows) items.push(await presentSchedule(tx, row, now));
    return { items };
  });
}

/** "Who is on call now" (or at any time): one schedule, or every schedule. */
export function whoIsOnCall(
  deps: Deps,
  actor: Actor,
  query: { schedule?: string | undefined; at?: string | undefined },
): Promise<OnCallNow> {
  assertCanReadDirectory(actor);
  return withTransaction(deps.db, async (tx) => {
    const at = query.at ? new Date(query.at) : deps.clock.now();
    const rows = query.schedule ? [await findSchedule(tx, query.schedule)] : await listScheduleRows(tx);
    if (query.schedule && !rows[0]) throw scheduleNotFound(query.schedule);
    const items = [];
    for (const row of rows) {
      if (!row) continue;
      const current = await onCallShift(tx, row.key, at);
      const [shift] = current?.shift ? await presentShifts(tx, [current.shift]) : [];
      items.push({ schedule: row.key, name: row.name, shift: shift ?? null });
    }
    return { at: at.toISOString(), items };
  });
}

/** The schedule's calendar between two times, overrides applied (at most 93 days). */
export function listShifts(
  deps: Deps,
  actor: Actor,
  key: string,
  range: { from: string; to: string },
): Promise<{ items: ShiftView[] }> {
  assertCanReadDirectory(actor);
  const from = new Date(range.from);
  const to = new Date(range.to);
  if (to <= from || to.getTime() - from.getTime() > 93 * 86_400_000)
    throw new AppError('validation.failed', 'to must be after from, at most 93 days later.');
  return withTransaction(deps.db, async (tx) => {
    const row = await findSchedule(tx, key);
    if (!row) throw scheduleNotFound(key);
    return { items: await presentShifts(tx, await scheduleShifts(tx, row, from, to)) };
  });
}

export function addOverride(deps: Deps, actor: Actor, key: string, input: OverrideInput): Promise<Schedule> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => {
    const row = await findSchedule(tx, key);
    if (!row) throw scheduleNotFound(key);
    const person = await findPersonByHandle(tx, input.person);
    if (!person) throw personNotFound(input.person);
    const now = deps.clock.now();
    const override = await insertOverride(tx, {
      id: newId(),
      scheduleKey: key,
      personId: person.id,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      reason: input.reason ?? null,
      createdAt: now,
      createdBy: actor.userId,
    });
    await appendAudit(tx, actor, now, {
      action: 'oncall.override_added',
      targetType: 'oncall_schedule',
      targetId: key,
      data: { override: override.id, person: person.handle, startsAt: input.startsAt, endsAt: input.endsAt },
    });
    return presentSchedule(tx, row, now);
  });
}

export function removeOverride(deps: Deps, actor: Actor, key: string, id: string): Promise<Schedule> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => {
    const row = await findSchedule(tx, key);
    if (!row) throw scheduleNotFound(key);
    const removed = await deleteOverride(tx, id);
    if (!removed || removed.scheduleKey !== key)
      throw new AppError('directory.override_not_found', `Schedule ${key} has no override ${id}.`);
    const now = deps.clock.now();
    await appendAudit(tx, actor, now, {
      action: 'oncall.override_removed',
      targetType: 'oncall_schedule',
      targetId: key,
      data: { override: id },
    });
    return presentSchedule(tx, row, now);
  });
}
