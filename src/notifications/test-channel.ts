import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { listChannelRows } from './channels.ts';
import { render } from './messages.ts';
import { DELIVERY_QUEUE } from './notify.ts';
import { type DeliveryView, presentDeliveries } from './present-deliveries.ts';
import { insertDelivery } from './store.ts';

const POLICY_CHANNEL = {
  smtp: 'email',
  'slack-webhook': 'chat',
  'slack-api': 'chat',
  'teams-webhook': 'chat',
  'mattermost-webhook': 'chat',
  webhook: 'webhook',
  'sms-gateway': 'sms',
} as const;

/** Sends a test message through one configured channel, so set-up problems show before an incident does. */
export function testChannel(
  deps: Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'config'>,
  actor: Actor,
  key: string,
  input: { address?: string | undefined },
): Promise<DeliveryView> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => {
    const channel = (await listChannelRows(tx)).find((c) => c.key === key);
    if (!channel) throw new AppError('notification_channel.not_found', `There is no channel "${key}".`);
    const needsAddress =
      channel.kind === 'smtp' || channel.kind === 'sms-gateway' || channel.kind === 'slack-api';
    if (needsAddress && !input.address)
      throw new AppError('validation.failed', `A test through ${channel.kind} needs an address to send to.`);
    const now = deps.clock.now();
    const rendered = render(
      {
        purpose: 'test',
        subjectRef: 'TEST',
        headline: `Cordon test message through "${key}"`,
        brief: `test message through ${key}`,
        lines: [`Sent by ${actor.name} at ${now.toISOString()}.`],
        link: deps.config.notifications.baseUrl,
        ackUrl: null,
        ackToken: null,
        baseUrl: null,
        restricted: false,
        data: { test: true },
      },
      channel.kind,
      null,
    );
    const { row } = await insertDelivery(tx, {
      id: newId(),
      key: `test:${key}:${now.getTime()}:${newId()}`,
      purpose: 'test',
      channel: POLICY_CHANNEL[channel.kind],
      channelKey: key,
      recipientKey: `address:${input.address ?? key}`,
      recipientName: input.address ?? key,
      address: input.address ?? null,
      subject: rendered.subject,
      body: rendered.body,
      payload: { ...rendered.payload, kind: channel.kind },
      status: 'queued',
      createdAt: now,
    });
    await deps.jobs.enqueue(tx, DELIVERY_QUEUE, row.id, { deliveryId: row.id });
    await appendAudit(tx, actor, now, {
      action: 'notification_channel.tested',
      targetType: 'notification_channel',
      targetId: key,
    });
    const [view] = await presentDeliveries(tx, actor, [row]);
    if (!view) throw new Error('present returned nothing');
    return view;
  });
}
