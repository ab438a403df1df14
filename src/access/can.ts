import { AppError } from '../platform/errors.ts';
import type { Policy } from '../policy/schema.ts';
import type { Actor } from './actor.ts';
import type { Permission } from './permissions.ts';

export const can = (actor: Actor, permission: Permission): boolean =>
  actor.kind === 'system' || actor.permissions.has(permission);

/** Permission checks live inside use cases (DESIGN.md); the message names what was missing. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError(
      'auth.forbidden',
      `You do not have the "${permission}" permission. Ask an administrator for a role that grants it.`,
      {
        details: { permission },
      },
    );
  }
}

/** The permissions a set of policy roles grants. */
export function permissionsFor(policy: Policy, roles: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of policy.roles) {
    if (roles.includes(role.key)) for (const p of role.permissions) granted.add(p);
  }
  return granted;
}
