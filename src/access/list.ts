import type { AppDeps } from '../app/deps.ts';
import type { Actor } from './actor.ts';
import { assertCan, can } from './can.ts';
import { listTokenRows, listUserRows } from './store.ts';

/** Everyone who can be assigned a role needs to be findable by responders; managing them needs users.manage. */
export function listUsers(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  if (!can(actor, 'users.manage')) assertCan(actor, 'incident.assign_roles');
  return listUserRows(deps.db);
}

/** Your own tokens; with tokens.manage, everyone's. */
export function listTokens(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  return listTokenRows(deps.db, can(actor, 'tokens.manage') ? null : actor.userId);
}
