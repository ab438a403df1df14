import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { page } from './present-deliveries.ts';
import { listDeliveryRows } from './store.ts';

/** A department's queue: what was assigned to the team ("assigned to the appropriate department"). */
export function listQueue(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  team: string,
  query: { cursor?: string | undefined; limit: number },
) {
  assertCan(actor, 'incident.read');
  return withTransaction(deps.db, async (tx) => {
    const policy = (await getActivePolicy(tx)).document;
    if (!policy.teams.some((t) => t.key === team)) {
      throw new AppError('directory.unknown_reference', `The policy has no team "${team}".`, {
        details: { allowed: policy.teams.map((t) => t.key) },
      });
    }
    const rows = await listDeliveryRows(tx, {
      teamKeys: [team],
      channels: ['queue'],
      before: query.cursor ? Number(query.cursor) : undefined,
      limit: query.limit,
    });
    return page(tx, actor, rows, query.limit);
  });
}
