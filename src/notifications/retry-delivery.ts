import type { Actor } from '../access/actor.ts';
import { assertCan, can } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { findIncidentById } from '../incidents/index.ts';
import { announceChange } from '../platform/changes.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { appendTimeline } from '../timeline/append.ts';
import { DELIVERY_QUEUE } from './notify.ts';
import { type DeliveryView, presentDeliveries } from './present-deliveries.ts';
import { findDelivery, updateDelivery } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'jobs'>;

/** Sends a dead (or unavailable) delivery again, e.g. after fixing a channel's configuration. */
export function retryDelivery(deps: Deps, actor: Actor, id: string): Promise<DeliveryView> {
  if (!can(actor, 'users.manage')) assertCan(actor, 'incident.update');
  return withTransaction(deps.db, async (tx) => {
    const d = await findDelivery(tx, id, true);
    const [visible] = d ? await presentDeliveries(tx, actor, [d]) : [];
    if (!d || !visible) throw new AppError('delivery.not_found', `There is no delivery ${id}.`);
    if (d.status !== 'dead' || !d.channelKey) {
      throw new AppError(
        'delivery.not_retryable',
        `Only a dead delivery can be sent again; this one is ${d.status}.`,
      );
    }
    const now = deps.clock.now();
    const updated = await updateDelivery(tx, d.id, { status: 'queued', lastError: null });
    await deps.jobs.enqueue(tx, DELIVERY_QUEUE, `${d.id}:retry:${d.attempts}`, { deliveryId: d.id });
    const incident = d.incidentId ? await findIncidentById(tx, d.incidentId) : undefined;
    if (incident) {
      await appendTimeline(tx, {
        incidentId: incident.id,
        kind: 'notification.retry_requested',
        at: now,
        actorId: actor.userId,
        data: { deliveryId: d.id, recipient: d.recipientName, channel: d.channel, via: d.channelKey },
      });
      await announceChange(tx, {
        kind: 'incident',
        key: incident.key,
        id: incident.id,
        visibility: incident.visibility,
      });
    }
    await appendAudit(tx, actor, now, {
      action: 'notification.retry_requested',
      targetType: 'delivery',
      targetId: d.id,
      incidentId: d.incidentId,
    });
    const [view] = await presentDeliveries(tx, actor, [updated]);
    if (!view) throw new Error('present returned nothing');
    return view;
  });
}
