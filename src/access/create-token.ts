import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { hashSecret, newId, newSecret } from '../platform/ids.ts';
import type { Actor } from './actor.ts';
import { assertCan } from './can.ts';
import type { CreateTokenInput } from './schemas.ts';
import { findUserById, insertToken, type TokenRow } from './store.ts';

/**
 * Issues an API token. Anyone may create a token for themselves; a token for someone else needs
 * `tokens.manage`. The secret is returned once and only its SHA-256 is stored.
 * @throws auth.forbidden, user.not_found
 */
export async function createToken(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  input: CreateTokenInput,
): Promise<{ token: TokenRow; secret: string }> {
  const userId = input.userId ?? actor.userId;
  if (!userId) throw new AppError('user.not_found', 'A token needs a user.');
  if (userId !== actor.userId) assertCan(actor, 'tokens.manage');
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= deps.clock.now()) {
    throw new AppError('validation.failed', 'body.expiresAt: must be in the future', {
      details: [{ path: 'body.expiresAt', message: 'must be in the future' }],
    });
  }
  return withTransaction(deps.db, async (tx) => {
    if (!(await findUserById(tx, userId))) throw new AppError('user.not_found', 'No such user.');
    const now = deps.clock.now();
    const secret = newSecret('cordon');
    const token = await insertToken(tx, {
      id: newId(),
      userId,
      name: input.name,
      prefix: secret.slice(0, 14),
      tokenHash: hashSecret(secret),
      createdAt: now,
      createdBy: actor.userId,
      expiresAt,
    });
    await appendAudit(tx, actor, now, {
      action: 'token.created',
      targetType: 'token',
      targetId: token.id,
      data: { userId, name: input.name },
    });
    return { token, secret };
  });
}
