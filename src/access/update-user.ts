import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { getActivePolicy } from '../policy/versions.ts';
import type { Actor } from './actor.ts';
import { assertCan } from './can.ts';
import { assertKnownRoles } from './check-roles.ts';
import { hashPassword } from './passwords.ts';
import type { UpdateUserInput } from './schemas.ts';
import { findUserById, type UserRow, updateUserRow } from './store.ts';

/**
 * Changes a user's name, e-mail, roles, password or disabled state. Users may change their own name and
 * password; everything else needs `users.manage`.
 * @throws auth.forbidden, user.not_found, user.unknown_role
 */
export async function updateUser(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  userId: string,
  input: UpdateUserInput,
): Promise<UserRow> {
  const selfService =
    actor.userId === userId &&
    input.roles === undefined &&
    input.disabled === undefined &&
    input.email === undefined;
  if (!selfService) assertCan(actor, 'users.manage');
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return withTransaction(deps.db, async (tx) => {
    const existing = await findUserById(tx, userId);
    if (!existing) throw new AppError('user.not_found', 'No such user.');
    if (input.roles) assertKnownRoles((await getActivePolicy(tx)).document, input.roles);
    const now = deps.clock.now();
    const user = await updateUserRow(tx, userId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.roles !== undefined ? { roles: [...new Set(input.roles)] } : {}),
      ...(input.disabled !== undefined
        ? { disabledAt: input.disabled ? (existing.disabledAt ?? now) : null }
        : {}),
      ...(passwordHash ? { passwordHash } : {}),
      updatedAt: now,
    });
    await appendAudit(tx, actor, now, {
      action: 'user.updated',
      targetType: 'user',
      targetId: userId,
      data: {
        changed: Object.keys(input).filter((k) => k !== 'password'),
        passwordChanged: input.password !== undefined,
        ...(input.roles ? { rolesBefore: existing.roles, rolesAfter: user.roles } : {}),
      },
    });
    return user;
  });
}
