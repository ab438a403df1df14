import { AppError } from '../platform/errors.ts';
import type { Policy } from '../policy/schema.ts';

/** Users hold roles the active policy defines; anything else is refused with the list of valid roles. */
export function assertKnownRoles(policy: Policy, roles: readonly string[]): void {
  const known = new Set(policy.roles.map((r) => r.key));
  const unknown = roles.filter((r) => !known.has(r));
  if (unknown.length > 0) {
    throw new AppError(
      'user.unknown_role',
      `Unknown role(s): ${unknown.join(', ')}. The policy defines: ${[...known].join(', ')}.`,
      {
        details: { unknown, known: [...known] },
      },
    );
  }
}
