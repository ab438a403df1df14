import type { Actor } from '../access/actor.ts';
import { assertCan, can } from '../access/can.ts';
import { findUserByUsername } from '../access/store.ts';
import type { Person } from '../app/api-types-directory.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Policy } from '../policy/schema.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { PERSONAL_CHANNELS } from './channels.ts';
import { presentPeople, presentPerson } from './present.ts';
import type { PersonInput, PersonPatch } from './schemas.ts';
import {
  findPersonByHandle,
  findPersonByUserId,
  insertPerson,
  listPeopleRows,
  listPositionRows,
  type PersonRow,
  setPersonTeams,
  setPositionHolder,
  updatePersonRow,
} from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export const personNotFound = (handle: string) =>
  new AppError('directory.person_not_found', `Nobody with the handle "${handle}" is in the directory.`);

/** Reading the directory (phone numbers included) is for responders and administrators. */
export function assertCanReadDirectory(actor: Actor): void {
  if (can(actor, 'incident.read') || can(actor, 'users.manage') || can(actor, 'event.triage')) return;
  assertCan(actor, 'incident.read');
}

function checkKeys(policy: Policy, field: 'teams' | 'positions', keys: readonly string[]): void {
  const known = new Set(policy[field].map((x) => x.key));
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new AppError(
      'directory.unknown_reference',
      `Unknown ${field === 'teams' ? 'team' : 'position'} ${unknown.map((k) => `"${k}"`).join(', ')}: the policy defines ${[...known].join(', ')}.`,
      { details: { field, unknown, allowed: [...known] } },
    );
  }
}

/**
 * Writes one person (new or existing) with their supervisor, account, teams and positions. Shared by the
 * API and the import; the caller audits. `supervisorRequired: false` lets an import set supervisors in a
 * second pass, after every handle exists.
 */
export async function applyPerson(
  tx: Tx,
  policy: Policy,
  now: Date,
  existing: PersonRow | undefined,
  input: PersonPatch & { handle: string; name?: string },
  options: { supervisorRequired: boolean } = { supervisorRequired: true },
): Promise<PersonRow> {
  if (input.teams) checkKeys(policy, 'teams', input.teams);
  if (input.positions) checkKeys(policy, 'positions', input.positions);
  const set: Partial<PersonRow> = { updatedAt: now };
  if (input.name) set.name = input.name;
  for (const field of ['title', 'email', 'phone', 'chatHandle', 'timeZone'] as const) {
    if (input[field] !== undefined) set[field] = input[field] ?? null;
  }
  if (input.avoidChannels !== undefined) {
    const avoid = input.avoidChannels;
    set.avoidChannels = PERSONAL_CHANNELS.filter((c) => avoid.includes(c));
  }
  if (input.username !== undefined) {
    if (input.username === null) set.userId = null;
    else {
      const user = await findUserByUsername(tx, input.username);
      if (!user) {
        throw new AppError('directory.unknown_reference', `There is no Cordon user "${input.username}".`, {
          details: { field: 'username' },
        });
      }
      const other = await findPersonByUserId(tx, user.id);
      if (other && other.id !== existing?.id) {
        throw new AppError(
          'directory.unknown_reference',
          `The user "${input.username}" is already ${other.handle} in the directory.`,
          { details: { field: 'username' } },
        );
      }
      set.userId = user.id;
    }
  }
  if (input.supervisor !== undefined) {
    if (input.supervisor === null) set.supervisorId = null;
    else {
      const boss = await findPersonByHandle(tx, input.supervisor);
      if (boss) set.supervisorId = boss.id;
      else if (options.supervisorRequired) {
        throw new AppError(
          'directory.unknown_reference',
          `The supervisor "${input.supervisor}" is not in the directory.`,
          {
            details: { field: 'supervisor' },
          },
        );
      }
    }
  }
  let row: PersonRow;
  if (existing) row = await updatePersonRow(tx, existing.id, set);
  else {
    if (!input.name) throw new AppError('validation.failed', 'A new person needs a name.');
    row = await insertPerson(tx, {
      id: newId(),
      handle: input.handle,
      name: input.name,
      title: set.title ?? null,
      email: set.email ?? null,
      phone: set.phone ?? null,
      chatHandle: set.chatHandle ?? null,
      timeZone: set.timeZone ?? null,
      avoidChannels: set.avoidChannels ?? [],
      userId: set.userId ?? null,
      supervisorId: set.supervisorId ?? null,
      createdAt: now,
      updatedAt: now,
    });
  }
  if (row.supervisorId === row.id)
    throw new AppError('directory.unknown_reference', `${row.handle} cannot be their own supervisor.`);
  if (input.teams) await setPersonTeams(tx, row.id, input.teams);
  if (input.positions) {
    const held = (await listPositionRows(tx)).filter((p) => p.personId === row.id).map((p) => p.position);
    for (const p of held) if (!input.positions.includes(p)) await setPositionHolder(tx, p, null, now);
    for (const p of input.positions) if (!held.includes(p)) await setPositionHolder(tx, p, row.id, now);
  }
  return row;
}

export function listPeople(deps: Deps, actor: Actor): Promise<{ items: Person[] }> {
  assertCanReadDirectory(actor);
  return withTransaction(deps.db, async (tx) => ({
    items: await presentPeople(tx, await listPeopleRows(tx)),
  }));
}

export function getPerson(deps: Deps, actor: Actor, handle: string): Promise<Person> {
  assertCanReadDirectory(actor);
  return withTransaction(deps.db, async (tx) => {
    const row = await findPersonByHandle(tx, handle);
    if (!row) throw personNotFound(handle);
    return presentPerson(tx, row);
  });
}

/** Adds a person (or, with `replace`, overwrites the one with that handle). */
export function createPerson(deps: Deps, actor: Actor, input: PersonInput): Promise<Person> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => {
    if (await findPersonByHandle(tx, input.handle))
      throw new AppError('directory.handle_taken', `The handle "${input.handle}" is taken.`);
    const policy = (await getActivePolicy(tx)).document;
    const now = deps.clock.now();
    const row = await applyPerson(tx, policy, now, undefined, input);
    await appendAudit(tx, actor, now, {
      action: 'directory.person_added',
      targetType: 'person',
      targetId: row.handle,
    });
    return presentPerson(tx, row);
  });
}

export function updatePerson(deps: Deps, actor: Actor, handle: string, patch: PersonPatch): Promise<Person> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => {
    const existing = await findPersonByHandle(tx, handle);
    if (!existing) throw personNotFound(handle);
    const policy = (await getActivePolicy(tx)).document;
    const now = deps.clock.now();
    const row = await applyPerson(tx, policy, now, existing, { ...patch, handle: existing.handle });
    await appendAudit(tx, actor, now, {
      action: 'directory.person_changed',
      targetType: 'person',
      targetId: row.handle,
      data: { fields: Object.keys(patch) },
    });
    return presentPerson(tx, row);
  });
}

/**
 * Marks someone unavailable until a time (leave, travel) or available again. People may set their own;
 * administrators anyone's. Escalation skips unavailable people and pages the on-call cover instead.
 */
export function setAvailability(
  deps: Deps,
  actor: Actor,
  handle: string,
  input: { unavailableUntil: string | null; reason?: string | undefined },
): Promise<Person> {
  return withTransaction(deps.db, async (tx) => {
    const existing = await findPersonByHandle(tx, handle);
    if (!existing) throw personNotFound(handle);
    if (!(actor.userId && existing.userId === actor.userId)) assertCan(actor, 'users.manage');
    const now = deps.clock.now();
    const row = await updatePersonRow(tx, existing.id, {
      unavailableUntil: input.unavailableUntil ? new Date(input.unavailableUntil) : null,
      unavailableReason: input.unavailableUntil ? (input.reason ?? null) : null,
      updatedAt: now,
    });
    await appendAudit(tx, actor, now, {
      action: 'directory.availability_changed',
      targetType: 'person',
      targetId: row.handle,
      data: { unavailableUntil: input.unavailableUntil },
    });
    return presentPerson(tx, row);
  });
}
