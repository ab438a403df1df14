import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import type { Actor } from './actor.ts';
import { can } from './can.ts';
import { findToken, setTokenRevoked } from './store.ts';

/**
 * Revokes a token at once. Owners revoke their own; `tokens.manage` revokes anyone's.
 * @throws token.not_found
 */
export function revokeToken(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  tokenId: string,
): Promise<void> {
  return withTransaction(deps.db, async (tx) => {
    const token = await findToken(tx, tokenId);
    // Someone else's token is reported as not found, not forbidden: its existence is not theirs to learn.
    if (!token || (token.userId !== actor.userId && !can(actor, 'tokens.manage'))) {
      throw new AppError('token.not_found', 'No such token.');
    }
    const now = deps.clock.now();
    if (!token.revokedAt) await setTokenRevoked(tx, token.id, now);
    await appendAudit(tx, actor, now, {
      action: 'token.revoked',
      targetType: 'token',
      targetId: token.id,
      data: { userId: token.userId },
    });
  });
}
