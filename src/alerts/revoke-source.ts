import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { findSourceById, setSourceRevoked } from './store.ts';

/**
 * Revokes an alert source's token: its alerts are refused with 401 from then on (at once in this process,
 * within SOURCE_CACHE_MS in others). Its events stay.
 * @throws auth.forbidden, alert_source.not_found
 */
export function revokeSource(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, id: string): Promise<void> {
  assertCan(actor, 'tokens.manage');
  return withTransaction(deps.db, async (tx) => {
    const source = await findSourceById(tx, id);
    if (!source) throw new AppError('alert_source.not_found', 'No such alert source.');
    const now = deps.clock.now();
    if (!source.revokedAt) await setSourceRevoked(tx, id, now);
    await appendAudit(tx, actor, now, {
      action: 'alert_source.revoked',
      targetType: 'alert_source',
      targetId: id,
      data: { name: source.name },
    });
  });
}
