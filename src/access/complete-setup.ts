import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { hashSecret } from '../platform/ids.ts';
import { systemActor } from './actor.ts';
import { hashPassword } from './passwords.ts';
import type { SetupInput } from './schemas.ts';
import { openSession } from './sessions.ts';
import { consumeSignInSecret, findUserByUsername, updateUserRow } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>;

/**
 * The first administrator exchanges the one-time secret printed at first start for a username and
 * password of their choosing. The secret works once; there is never a default password.
 * @throws auth.setup_secret_invalid, user.username_taken
 */
export async function completeSetup(deps: Deps, input: SetupInput, requestId: string | null) {
  const passwordHash = await hashPassword(input.password);
  return withTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const userId = await consumeSignInSecret(tx, hashSecret(input.secret), now);
    if (!userId)
      throw new AppError(
        'auth.setup_secret_invalid',
        'The set-up secret is unknown, already used or expired.',
      );
    const clash = await findUserByUsername(tx, input.username);
    if (clash && clash.id !== userId)
      throw new AppError('user.username_taken', `The username "${input.username}" is taken.`);
    const user = await updateUserRow(tx, userId, {
      username: input.username,
      ...(input.name ? { name: input.name } : {}),
      passwordHash,
      updatedAt: now,
    });
    const session = await openSession(tx, deps, user.id);
    await appendAudit(tx, { ...systemActor(requestId), userId: user.id }, now, {
      action: 'auth.setup_completed',
      targetType: 'user',
      targetId: user.id,
      data: { username: user.username },
    });
    return { user, session };
  });
}
