import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { Position, Team } from '../app/api-types-directory.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import type { Policy } from '../policy/schema.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { assertCanReadDirectory, personNotFound } from './people.ts';
import type { TeamInput } from './schemas.ts';
import {
  findPersonByHandle,
  listMemberRows,
  listPeopleRows,
  listPositionRows,
  listTeamRows,
  setPositionHolder,
  setTeamMembers,
  upsertTeam,
} from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

function policyKey(policy: Policy, field: 'teams' | 'positions', key: string) {
  const found = policy[field].find((x) => x.key === key);
  if (!found) {
    throw new AppError(
      'directory.unknown_reference',
      `The policy has no ${field === 'teams' ? 'team' : 'position'} "${key}". It defines: ${policy[field].map((x) => x.key).join(', ')}.`,
      { details: { field, allowed: policy[field].map((x) => x.key) } },
    );
  }
  return found;
}

/** Sets a team's name, queue mailbox and (when given) its members; the team must be one the policy names. */
export async function applyTeam(
  tx: Tx,
  policy: Policy,
  now: Date,
  key: string,
  input: TeamInput,
): Promise<void> {
  const known = policyKey(policy, 'teams', key);
  await upsertTeam(tx, {
    key,
    name: input.name ?? known.name,
    email: input.email ?? null,
    createdAt: now,
    updatedAt: now,
  });
  if (input.members) {
    const ids: string[] = [];
    for (const handle of input.members) {
      const person = await findPersonByHandle(tx, handle);
      if (!person) throw personNotFound(handle);
      ids.push(person.id);
    }
    await setTeamMembers(tx, key, ids);
  }
}

export async function applyPosition(tx: Tx, policy: Policy, now: Date, key: string, holder: string | null) {
  policyKey(policy, 'positions', key);
  const person = holder ? await findPersonByHandle(tx, holder) : undefined;
  if (holder && !person) throw personNotFound(holder);
  await setPositionHolder(tx, key, person?.id ?? null, now);
}

export function putTeam(deps: Deps, actor: Actor, key: string, input: TeamInput): Promise<Team> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => {
    const policy = (await getActivePolicy(tx)).document;
    const now = deps.clock.now();
    await applyTeam(tx, policy, now, key, input);
    await appendAudit(tx, actor, now, {
      action: 'directory.team_changed',
      targetType: 'team',
      targetId: key,
    });
    const teams = await teamViews(tx, policy);
    const view = teams.find((t) => t.key === key);
    if (!view) throw new Error('team vanished');
    return view;
  });
}

export function putPosition(deps: Deps, actor: Actor, key: string, holder: string | null): Promise<Position> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => {
    const policy = (await getActivePolicy(tx)).document;
    const now = deps.clock.now();
    await applyPosition(tx, policy, now, key, holder);
    await appendAudit(tx, actor, now, {
      action: 'directory.position_changed',
      targetType: 'position',
      targetId: key,
      data: { holder },
    });
    const view = (await positionViews(tx, policy)).find((p) => p.key === key);
    if (!view) throw new Error('position vanished');
    return view;
  });
}

/** Every policy team, with its directory mailbox and members (teams only in the directory follow). */
async function teamViews(tx: Tx, policy: Policy): Promise<Team[]> {
  const [teams, members, people] = await Promise.all([
    listTeamRows(tx),
    listMemberRows(tx),
    listPeopleRows(tx),
  ]);
  const handles = new Map(people.map((p) => [p.id, p.handle]));
  const keys = [...new Set([...policy.teams.map((t) => t.key), ...teams.map((t) => t.key)])];
  return keys.map((key) => {
    const row = teams.find((t) => t.key === key);
    return {
      key,
      name: row?.name ?? policy.teams.find((t) => t.key === key)?.name ?? key,
      email: row?.email ?? null,
      members: members
        .filter((m) => m.teamKey === key)
        .flatMap((m) => handles.get(m.personId) ?? [])
        .sort(),
    };
  });
}

async function positionViews(tx: Tx, policy: Policy): Promise<Position[]> {
  const [holders, people] = await Promise.all([listPositionRows(tx), listPeopleRows(tx)]);
  const handles = new Map(people.map((p) => [p.id, p.handle]));
  return policy.positions.map((p) => {
    const holder = holders.find((h) => h.position === p.key);
    return { key: p.key, name: p.name, holder: holder ? (handles.get(holder.personId) ?? null) : null };
  });
}

export function listTeams(deps: Deps, actor: Actor): Promise<{ items: Team[] }> {
  assertCanReadDirectory(actor);
  return withTransaction(deps.db, async (tx) => ({
    items: await teamViews(tx, (await getActivePolicy(tx)).document),
  }));
}

export function listPositions(deps: Deps, actor: Actor): Promise<{ items: Position[] }> {
  assertCanReadDirectory(actor);
  return withTransaction(deps.db, async (tx) => ({
    items: await positionViews(tx, (await getActivePolicy(tx)).document),
  }));
}
