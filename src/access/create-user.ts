import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getActivePolicy } from '../policy/versions.ts';
import type { Actor } from './actor.ts';
import { assertCan } from './can.ts';
import { assertKnownRoles } from './check-roles.ts';
import { hashPassword } from './passwords.ts';
import type { CreateUserInput } from './schemas.ts';
import { findUserByUsername, insertUser, type UserRow } from './store.ts';

/**
 * Adds a local user holding policy roles.
 * @throws auth.forbidden, user.username_taken, user.unknown_role
 */
export async function createUser(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  input: CreateUserInput,
): Promise<UserRow> {
  assertCan(actor, 'users.manage');
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return withTransaction(deps.db, async (tx) => {
    const policy = await getActivePolicy(tx);
    assertKnownRoles(policy.document, input.roles);
    if (await findUserByUsername(tx, input.username)) {
      throw new AppError('user.username_taken', `The username "${input.username}" is taken.`);
    }
    const now = deps.clock.now();
    const user = await insertUser(tx, {
      id: newId(),
      username: input.username,
      name: input.name,
      email: input.email ?? null,
      passwordHash,
      roles: [...new Set(input.roles)],
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(tx, actor, now, {
      action: 'user.created',
      targetType: 'user',
      targetId: user.id,
      data: { username: user.username, roles: user.roles },
    });
    return user;
  });
}
