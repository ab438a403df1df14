import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { systemActor } from './actor.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';
import type { SignInInput } from './schemas.ts';
import { openSession } from './sessions.ts';
import { findUserByUsername } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>;

/**
 * Signs a user in with username and password and opens a session. A wrong username and a wrong password
 * give the same answer, in about the same time. Failed attempts are audited.
 * @throws auth.invalid_credentials
 */
export async function signIn(deps: Deps, input: SignInInput, requestId: string | null) {
  const user = await findUserByUsername(deps.db, input.username);
  let ok = false;
  if (user && !user.disabledAt) ok = await verifyPassword(user.passwordHash, input.password);
  else await burnPasswordCheck(input.password);
  return withTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    if (!ok || !user) {
      await appendAudit(tx, systemActor(requestId), now, {
        action: 'auth.sign_in_failed',
        targetType: 'user',
        targetId: user?.id ?? null,
        data: { username: input.username },
      });
      return null;
    }
    const session = await openSession(tx, deps, user.id);
    await appendAudit(tx, { ...systemActor(requestId), userId: user.id }, now, {
      action: 'auth.signed_in',
      targetType: 'user',
      targetId: user.id,
    });
    return { user, session };
  }).then((result) => {
    if (!result) throw new AppError('auth.invalid_credentials', 'The username or password is not correct.');
    return result;
  });
}
