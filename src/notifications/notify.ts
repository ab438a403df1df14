import type { AppDeps } from '../app/deps.ts';
import type { Recipient } from '../directory/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { newId } from '../platform/ids.ts';
import { listChannelRows } from './channels.ts';
import { type Notice, render, voiceScript } from './messages.ts';
import { isOutOfBand } from './out-of-band.ts';
import { type PolicyChannel, type Route, routesWithPreferences } from './routing.ts';
import { insertDeliveries } from './store.ts';

export const DELIVERY_QUEUE = 'cordon-deliver';
export const DEAD_DELIVERY_QUEUE = 'cordon-deliver-dead';

export interface NotifyRequest {
  /** Deterministic base of the delivery keys: asking twice creates each delivery once. */
  key: string;
  purpose: string;
  recipients: readonly Recipient[];
  channels: readonly PolicyChannel[];
  notice: (recipient: Recipient) => Notice;
  incidentId: string | null;
  eventId: string | null;
  pageFor?: (recipient: Recipient) => string | null;
}

/** What happened to each recipient × channel, for the timeline entry that records the notification. */
export interface NotifyOutcome {
  deliveryId: string;
  recipientKey: string;
  recipient: string;
  channel: PolicyChannel;
  via: string | null;
  status: 'queued' | 'delivered' | 'suppressed' | 'unavailable';
  reason: string | null;
}

/**
 * Records the deliveries of a notification and enqueues those that leave Cordon, in the caller's
 * transaction: the notification exists exactly when the change that caused it committed. Each delivery
 * stores the message as rendered for its channel.
 */
export async function notify(
  tx: Tx,
  deps: Pick<AppDeps, 'clock' | 'jobs'>,
  request: NotifyRequest,
): Promise<NotifyOutcome[]> {
  const channels = await listChannelRows(tx);
  const outOfBand = request.incidentId ? await isOutOfBand(tx, request.incidentId) : false;
  const now = deps.clock.now();
  const planned: {
    values: Parameters<typeof insertDeliveries>[1][number];
    recipient: Recipient;
    route: Route;
  }[] = [];
  const what = request.purpose === 'page' ? 'this step' : 'this notice';
  for (const recipient of request.recipients) {
    const notice = request.notice(recipient);
    for (const route of routesWithPreferences(request.channels, recipient, channels, outOfBand, what)) {
      const channel = route.channel;
      const rendered = render(notice, route.kind, recipient.chatHandle);
      const body = channel === 'voice' ? voiceScript(notice) : rendered.body;
      planned.push({
        recipient,
        route,
        values: {
          id: newId(),
          key: `${request.key}:${recipient.key}:${channel}:${route.channelKey ?? route.kind}`,
          pageId: request.pageFor?.(recipient) ?? null,
          incidentId: request.incidentId,
          eventId: request.eventId,
          purpose: request.purpose,
          channel,
          channelKey: route.channelKey,
          recipientKey: recipient.key,
          recipientName: recipient.name,
          userId: recipient.userId,
          teamKey: recipient.teamKey,
          address: route.address,
          subject: rendered.subject,
          body,
          payload: {
            ...rendered.payload,
            kind: route.kind,
            ...(channel === 'voice' ? { voice: true } : {}),
          },
          status: route.status,
          // A reason on a route that goes out (a preference overridden) is a note, not an error.
          lastError: route.status === 'queued' ? null : route.reason,
          note: route.status === 'queued' ? route.reason : null,
          createdAt: now,
          deliveredAt: route.status === 'delivered' ? now : null,
        },
      });
    }
  }
  const stored = await insertDeliveries(
    tx,
    planned.map((p) => p.values),
  );
  const queued: { key: string; data: { deliveryId: string } }[] = [];
  const outcomes: NotifyOutcome[] = stored.map(({ row, created }, i) => {
    const p = planned[i];
    if (!p) throw new Error('delivery without plan');
    if (created && p.route.status === 'queued') queued.push({ key: row.id, data: { deliveryId: row.id } });
    return {
      deliveryId: row.id,
      recipientKey: p.recipient.key,
      recipient: p.recipient.name,
      channel: p.route.channel,
      via: p.route.channelKey,
      status: p.route.status,
      reason: p.route.reason,
    };
  });
  await deps.jobs.enqueueMany(tx, DELIVERY_QUEUE, queued);
  return outcomes;
}
