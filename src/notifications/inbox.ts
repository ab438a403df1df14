import type { Actor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { findPersonByUserId, teamsOfPerson } from '../directory/index.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { page } from './present-deliveries.ts';
import { findDelivery, listDeliveryRows, updateDelivery } from './store.ts';

/** The actor's in-app notifications (the `app` channel), their teams' queue items included. */
export function listInbox(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  query: { cursor?: string | undefined; limit: number },
) {
  return withTransaction(deps.db, async (tx) => {
    if (!actor.userId) return { items: [], nextCursor: null };
    const person = await findPersonByUserId(tx, actor.userId);
    const teams = person ? await teamsOfPerson(tx, person.id) : [];
    const rows = await listDeliveryRows(tx, {
      userId: actor.userId,
      teamKeys: teams,
      channels: ['app', 'queue'],
      before: query.cursor ? Number(query.cursor) : undefined,
      limit: query.limit,
    });
    return page(tx, actor, rows, query.limit);
  });
}

export function markRead(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, id: string): Promise<void> {
  return withTransaction(deps.db, async (tx) => {
    const d = await findDelivery(tx, id, true);
    const person = actor.userId ? await findPersonByUserId(tx, actor.userId) : undefined;
    const teams = person ? await teamsOfPerson(tx, person.id) : [];
    const mine = d && (d.userId === actor.userId || (d.teamKey !== null && teams.includes(d.teamKey)));
    if (!d || !mine || !['app', 'queue'].includes(d.channel))
      throw new AppError('delivery.not_found', `There is no notification ${id} for you.`);
    if (!d.readAt) await updateDelivery(tx, d.id, { readAt: deps.clock.now() });
  });
}
