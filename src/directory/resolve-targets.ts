import type { Tx } from '../platform/db/client.ts';
import type { EscalationTarget, Policy } from '../policy/schema.ts';
import type { PersonalChannel } from './channels.ts';
import { onCallShift } from './on-call.ts';
import {
  findPersonById,
  findPersonByUserId,
  findPositionHolder,
  findTeam,
  type PersonRow,
  peopleByUserIds,
  usersByIdsLite,
  usersWithRole,
} from './store.ts';

/** Someone (or a team's queue) a notification can be addressed to, with the ways to reach them. */
export interface Recipient {
  /** Stable identity for de-duplication and page keys: person:<id>, user:<id> or team:<key>. */
  key: string;
  kind: 'person' | 'user' | 'team';
  personId: string | null;
  userId: string | null;
  teamKey: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  chatHandle: string | null;
  /**
   * Channels this person would rather not be paged by (the directory's `avoidChannels`); routing skips them
   * when another channel of the same notification reaches the person. Absent or empty: no preference.
   */
  avoidChannels?: readonly PersonalChannel[];
  /** How the policy's target led here: "position:cto", "role:security-delegate (on-call cover)". */
  via: string[];
}

/** What the targets are resolved against: who reported, who works the incident, which team owns it. */
export interface TargetContext {
  reporterUserId: string | null;
  assigneeUserId: string | null;
  participantUserIds: readonly string[];
  ownerTeam: string | null;
  now: Date;
}

export interface Resolution {
  recipients: Recipient[];
  /** Targets that reached nobody, in words, for the timeline ("no holder of the position CTO"). */
  gaps: string[];
}

const fromPerson = (p: PersonRow, via: string): Recipient => ({
  key: `person:${p.id}`,
  kind: 'person',
  personId: p.id,
  userId: p.userId,
  teamKey: null,
  name: p.name,
  email: p.email,
  phone: p.phone,
  chatHandle: p.chatHandle,
  avoidChannels: p.avoidChannels,
  via: [via],
});

const available = (p: PersonRow, now: Date) => !p.unavailableUntil || p.unavailableUntil <= now;
const unavailableGap = (p: PersonRow, what: string) =>
  `${what}: ${p.name} is unavailable until ${p.unavailableUntil?.toISOString()}${p.unavailableReason ? ` (${p.unavailableReason})` : ''}`;

/**
 * Resolves the policy's escalation targets to people through the directory. Every target that reaches
 * nobody is reported as a gap, never dropped silently; unavailable people are skipped (and said so), and a
 * role with on-call cover falls to the engineer on call ("may act as the Security Delegate (if primary
 * resources are not available)").
 */
export async function resolveTargets(
  tx: Tx,
  policy: Policy,
  targets: readonly EscalationTarget[],
  ctx: TargetContext,
): Promise<Resolution> {
  const found = new Map<string, Recipient>();
  const gaps: string[] = [];
  const add = (r: Recipient) => {
    const seen = found.get(r.key);
    if (seen) seen.via.push(...r.via.filter((v) => !seen.via.includes(v)));
    else found.set(r.key, r);
  };
  const positionName = (k: string) => policy.positions.find((x) => x.key === k)?.name ?? k;
  const roleName = (k: string) => policy.roles.find((x) => x.key === k)?.name ?? k;

  const users = async (userIds: readonly string[], via: string) => {
    const persons = await peopleByUserIds(tx, userIds);
    const accounts = await usersByIdsLite(tx, userIds);
    for (const id of userIds) {
      const person = persons.get(id);
      const account = accounts.get(id);
      if (person) {
        if (available(person, ctx.now)) add(fromPerson(person, via));
        else gaps.push(unavailableGap(person, via));
      } else if (account) {
        add({
          key: `user:${id}`,
          kind: 'user',
          personId: null,
          userId: id,
          teamKey: null,
          name: account.name,
          email: account.email,
          phone: null,
          chatHandle: null,
          via: [via],
        });
      }
    }
  };
  const onCall = async (schedule: string, via: string): Promise<boolean> => {
    const current = await onCallShift(tx, schedule, ctx.now);
    if (!current) {
      gaps.push(`${via}: there is no on-call schedule "${schedule}" in the directory`);
      return false;
    }
    const person = current.shift ? await findPersonById(tx, current.shift.personId) : undefined;
    if (!person) {
      gaps.push(`${via}: nobody is on call in "${current.schedule.name}"`);
      return false;
    }
    add(fromPerson(person, via));
    return true;
  };

  for (const target of targets) {
    if ('position' in target) {
      const holder = await findPositionHolder(tx, target.position);
      const person = holder ? await findPersonById(tx, holder.personId) : undefined;
      const what = `position:${target.position}`;
      if (!person) gaps.push(`${what}: nobody holds the position ${positionName(target.position)}`);
      else if (!available(person, ctx.now)) gaps.push(unavailableGap(person, what));
      else add(fromPerson(person, what));
    } else if ('role' in target) {
      const holders = await usersWithRole(tx, target.role);
      const persons = await peopleByUserIds(
        tx,
        holders.map((h) => h.id),
      );
      const reachable = holders.filter((h) => {
        const p = persons.get(h.id);
        return !p || available(p, ctx.now);
      });
      const what = `role:${target.role}`;
      await users(
        holders.map((h) => h.id),
        what,
      );
      const cover = policy.roles.find((r) => r.key === target.role)?.onCallCover;
      if (reachable.length === 0 && cover) {
        await onCall(cover.schedule, `${what} (on-call cover)`);
      } else if (holders.length === 0) {
        gaps.push(`${what}: nobody holds the role ${roleName(target.role)}`);
      }
    } else if ('team' in target) {
      await addTeam(tx, target.team, `team:${target.team}`, add, gaps, policy);
    } else if ('oncall' in target) {
      await onCall(target.oncall, `oncall:${target.oncall}`);
    } else if (target.relation === 'reporter-supervisor') {
      await reporterSupervisor(tx, ctx, add, gaps);
    } else if (target.relation === 'assignee') {
      if (ctx.assigneeUserId) await users([ctx.assigneeUserId], 'relation:assignee');
      else gaps.push('relation:assignee: the incident has no assignee');
    } else if (target.relation === 'incident-participants') {
      if (ctx.participantUserIds.length > 0)
        await users(ctx.participantUserIds, 'relation:incident-participants');
    } else if (target.relation === 'owner-team') {
      if (ctx.ownerTeam) await addTeam(tx, ctx.ownerTeam, 'relation:owner-team', add, gaps, policy);
      else gaps.push('relation:owner-team: the incident has no owner team');
    }
  }
  return { recipients: [...found.values()], gaps };
}

async function reporterSupervisor(
  tx: Tx,
  ctx: TargetContext,
  add: (r: Recipient) => void,
  gaps: string[],
): Promise<void> {
  const what = 'relation:reporter-supervisor';
  if (!ctx.reporterUserId) {
    gaps.push(`${what}: the reporter has no Cordon account, so their supervisor is unknown`);
    return;
  }
  const reporter = await findPersonByUserId(tx, ctx.reporterUserId);
  if (!reporter) {
    gaps.push(`${what}: the reporter is not in the directory`);
    return;
  }
  const supervisor = reporter.supervisorId ? await findPersonById(tx, reporter.supervisorId) : undefined;
  if (!supervisor) gaps.push(`${what}: no supervisor is on record for ${reporter.name}`);
  else if (!available(supervisor, ctx.now)) gaps.push(unavailableGap(supervisor, what));
  else add(fromPerson(supervisor, what));
}

async function addTeam(
  tx: Tx,
  teamKey: string,
  via: string,
  add: (r: Recipient) => void,
  gaps: string[],
  policy: Policy,
): Promise<void> {
  const team = await findTeam(tx, teamKey);
  const name = team?.name ?? policy.teams.find((t) => t.key === teamKey)?.name ?? teamKey;
  if (!policy.teams.some((t) => t.key === teamKey) && !team) {
    gaps.push(`${via}: there is no team "${teamKey}"`);
    return;
  }
  add({
    key: `team:${teamKey}`,
    kind: 'team',
    personId: null,
    userId: null,
    teamKey,
    name,
    email: team?.email ?? null,
    phone: null,
    chatHandle: null,
    via: [via],
  });
}
