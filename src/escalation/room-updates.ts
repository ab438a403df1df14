import { findUserById } from '../access/store.ts';
import { findIncidentById } from '../incidents/index.ts';
import { postToChatRoom } from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import type { Policy } from '../policy/schema.ts';
import { getPolicyVersion } from '../policy/versions.ts';
import type { Reaction } from './dispatcher.ts';
import type { EngineDeps } from './page-step.ts';
import type { AuditEntryLite } from './store.ts';

/** What an update line needs: the entry, the incident's key and its policy, and a way to name people. */
interface UpdateContext {
  entry: AuditEntryLite;
  key: string;
  policy: Policy;
  nameOf(userId: unknown): Promise<string>;
}

type Describe = (c: UpdateContext) => Promise<string | null>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const phaseName = (policy: Policy, key: unknown) =>
  policy.phases.find((p) => p.key === key)?.name ?? text(key);
const roleName = (policy: Policy, key: unknown) => policy.roles.find((r) => r.key === key)?.name ?? text(key);

/**
 * The incident's own chat channel hears what changes the response, as it happens, in a line each: phase
 * changes (and closing and reopening), severity changes and who takes on or leaves a role. Only keys,
 * names and the policy's words: nothing of the incident's content, restricted or not.
 */
const UPDATES: Record<string, Describe> = {
  'incident.phase_changed': async ({ entry, key, policy, nameOf }) =>
    `${key} moved from ${phaseName(policy, entry.data.from)} to ${phaseName(policy, entry.data.to)} (${await nameOf(entry.actorId)}).`,
  'incident.closed': async ({ key, nameOf, entry }) => `${key} is closed (${await nameOf(entry.actorId)}).`,
  'incident.reopened': async ({ entry, key, policy, nameOf }) =>
    `${key} is reopened, back in ${phaseName(policy, entry.data.to)} (${await nameOf(entry.actorId)}).`,
  'incident.severity_changed': async ({ entry, key, nameOf }) =>
    `${key} severity ${text(entry.data.from)} → ${text(entry.data.to)} (${await nameOf(entry.actorId)}).`,
  'incident.role_assigned': async ({ entry, key, policy, nameOf }) =>
    `${await nameOf(entry.data.userId)} is now ${roleName(policy, entry.data.role)} on ${key} (${await nameOf(entry.actorId)}).`,
  'incident.role_unassigned': async ({ entry, key, policy, nameOf }) =>
    `${await nameOf(entry.data.userId)} is no longer ${roleName(policy, entry.data.role)} on ${key} (${await nameOf(entry.actorId)}).`,
};

function postUpdate(deps: EngineDeps, describe: Describe): Reaction {
  return async (tx: Tx, entry) => {
    if (!entry.incidentId) return;
    const incident = await findIncidentById(tx, entry.incidentId);
    if (!incident) return;
    const policy = (await getPolicyVersion(tx, incident.policyVersion)).document;
    const nameOf = async (userId: unknown) =>
      typeof userId === 'string' ? ((await findUserById(tx, userId))?.name ?? 'someone') : 'Cordon';
    const line = await describe({ entry, key: incident.key, policy, nameOf });
    // One post per audit entry, however often the dispatcher sees it.
    if (line) await postToChatRoom(tx, deps, incident.id, `audit:${entry.seq}`, line);
  };
}

/**
 * Reactions that post incident updates to its dedicated chat channel (`postToChatRoom`: only if it has one
 * and is not out-of-band). Acknowledgements, escalations and SLA notices are posted where they happen.
 */
export function roomUpdateReactions(deps: EngineDeps): [string, Reaction][] {
  return Object.entries(UPDATES).map(([action, describe]) => [action, postUpdate(deps, describe)]);
}
