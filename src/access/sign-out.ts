import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { hashSecret } from '../platform/ids.ts';
import type { Actor } from './actor.ts';
import { deleteSession } from './store.ts';

/** Ends a session: the cookie stops working at once, on every process. */
export function signOut(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, sessionId: string): Promise<void> {
  return withTransaction(deps.db, async (tx) => {
    await deleteSession(tx, hashSecret(sessionId));
    await appendAudit(tx, actor, deps.clock.now(), {
      action: 'auth.signed_out',
      targetType: 'user',
      targetId: actor.userId,
    });
  });
}
