import type { Actor } from '../access/actor.ts';
import { systemActor } from '../access/actor.ts';
import { findUserById, updateUserRow } from '../access/store.ts';
import type { Cover } from '../app/api-types-directory.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Timer } from '../platform/jobs/jobs.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { onCallShift } from './on-call.ts';
import {
  activeCoverRows,
  type CoverRow,
  endCover,
  findCover,
  findPersonByUserId,
  insertCover,
  peopleByUserIds,
  usersWithRole,
} from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'jobs'>;
export const COVER_END_TIMER = 'directory.cover-end';

const refused = (message: string) => new AppError('oncall.cover_refused', message);

const present = (c: CoverRow): Cover => ({
  id: c.id,
  userId: c.userId,
  role: c.role,
  schedule: c.scheduleKey,
  startedAt: c.startedAt.toISOString(),
  until: c.until.toISOString(),
  reason: c.reason,
});

/**
 * The engineer on call takes a role nobody available holds, for the rest of their shift
 * (incident-response-plan: engineers "may act as the Security Delegate (if primary resources are not
 * available)"). Refused when the actor is not on call, not eligible, or a holder is available.
 */
export function takeCover(
  deps: Deps,
  actor: Actor,
  input: { role: string; reason?: string | undefined },
): Promise<Cover> {
  return withTransaction(deps.db, async (tx) => {
    const policy = (await getActivePolicy(tx)).document;
    const role = policy.roles.find((r) => r.key === input.role);
    if (!role?.onCallCover)
      throw refused(`The policy does not let the on-call engineer act as "${input.role}".`);
    const cover = role.onCallCover;
    if (!actor.userId) throw refused('Only a person can take cover.');
    if (actor.roles.includes(role.key)) throw refused(`You already hold the role ${role.name}.`);
    if (!actor.roles.some((r) => cover.roles.includes(r)))
      throw refused(`Only holders of ${cover.roles.join(', ')} may act as ${role.name}.`);
    const now = deps.clock.now();
    const me = await findPersonByUserId(tx, actor.userId);
    const current = await onCallShift(tx, cover.schedule, now);
    if (!me || !current?.shift || current.shift.personId !== me.id)
      throw refused(`You are not on call in "${cover.schedule}" now.`);
    const holders = await usersWithRole(tx, role.key);
    const persons = await peopleByUserIds(
      tx,
      holders.map((h) => h.id),
    );
    const reachable = holders.filter((h) => {
      const p = persons.get(h.id);
      return !p?.unavailableUntil || p.unavailableUntil <= now;
    });
    if (reachable.length > 0)
      throw refused(`${reachable.map((h) => h.name).join(', ')} holds ${role.name} and is available.`);
    const user = await findUserById(tx, actor.userId);
    if (!user) throw refused('Your account is gone.');
    await updateUserRow(tx, user.id, { roles: [...user.roles, role.key], updatedAt: now });
    const row = await insertCover(tx, {
      id: newId(),
      userId: user.id,
      role: role.key,
      scheduleKey: cover.schedule,
      startedAt: now,
      until: current.shift.endsAt,
      reason: input.reason ?? null,
    });
    await deps.jobs.schedule(tx, {
      key: `cover:${row.id}`,
      kind: COVER_END_TIMER,
      dueAt: row.until,
      payload: { coverId: row.id },
    });
    await appendAudit(tx, actor, now, {
      action: 'oncall.cover_taken',
      targetType: 'user',
      targetId: user.id,
      data: { role: role.key, until: row.until.toISOString(), reason: row.reason },
    });
    return present(row);
  });
}

async function finishCover(tx: Tx, actor: Actor, row: CoverRow, now: Date, why: string): Promise<void> {
  const user = await findUserById(tx, row.userId);
  if (user?.roles.includes(row.role)) {
    await updateUserRow(tx, user.id, { roles: user.roles.filter((r) => r !== row.role), updatedAt: now });
  }
  await endCover(tx, row.id, now);
  await appendAudit(tx, actor, now, {
    action: 'oncall.cover_ended',
    targetType: 'user',
    targetId: row.userId,
    data: { role: row.role, why },
  });
}

/** Hands the role back before the shift ends. */
export function releaseCover(deps: Deps, actor: Actor, role: string): Promise<void> {
  return withTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const mine = (await activeCoverRows(tx, now)).find((c) => c.userId === actor.userId && c.role === role);
    if (!mine) throw refused(`You are not covering "${role}".`);
    await finishCover(tx, actor, mine, now, 'released');
  });
}

export function listCovers(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<{ items: Cover[] }> {
  return withTransaction(deps.db, async (tx) => ({
    items: (await activeCoverRows(tx, deps.clock.now())).map(present),
  }));
}

/** Timer: the shift is over, the role goes back (no-op when already released). */
export async function onCoverEnd(deps: Pick<AppDeps, 'db' | 'clock'>, timer: Timer): Promise<void> {
  const coverId = String(timer.payload.coverId);
  await withTransaction(deps.db, async (tx) => {
    const row = await findCover(tx, coverId, true);
    if (!row || row.endedAt) return;
    await finishCover(tx, systemActor(), row, deps.clock.now(), 'the shift ended');
  });
}
