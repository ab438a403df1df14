import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Recipient } from '../directory/index.ts';
import type { ChannelRow } from './channels.ts';
import { type PolicyChannel, routesFor, routesWithPreferences } from './routing.ts';

const at = new Date('2026-03-02T09:00:00Z');
const channel = (key: string, kind: ChannelRow['kind'], purpose: ChannelRow['purpose'] = 'normal') =>
  ({
    key,
    kind,
    purpose,
    settings: {},
    secret: null,
    enabled: true,
    source: 'env',
    createdAt: at,
    updatedAt: at,
  }) satisfies ChannelRow;
const ALL: ChannelRow[] = [
  channel('smtp', 'smtp'),
  channel('smtp-oob', 'smtp', 'out-of-band'),
  channel('slack', 'slack-api'),
  channel('sms', 'sms-gateway'),
];
const carl = (avoidChannels: Recipient['avoidChannels'], extra: Partial<Recipient> = {}): Recipient => ({
  key: 'person:carl',
  kind: 'person',
  personId: 'carl',
  userId: 'u-carl',
  teamKey: null,
  name: 'Carl CTO',
  email: 'carl@example.com',
  phone: '+15550000003',
  chatHandle: 'U0CARL',
  avoidChannels,
  via: ['position:cto'],
  ...extra,
});
const plan = (
  requested: PolicyChannel[],
  recipient: Recipient,
  options: { outOfBand?: boolean; channels?: ChannelRow[] } = {},
) =>
  Object.fromEntries(
    routesWithPreferences(requested, recipient, options.channels ?? ALL, options.outOfBand ?? false).map(
      (r) => [r.channel, { status: r.status, reason: r.reason }],
    ),
  );
const USED_ANYWAY = 'used although Carl CTO avoids it: no other channel of this step reaches them';

describe("a person's choice of channels, as routing applies it", () => {
  test('an avoided channel is skipped, with the reason, when another channel of the step reaches the person', () => {
    const requested: PolicyChannel[] = ['sms', 'voice', 'email', 'chat', 'app'];
    assert.deepEqual(
      routesWithPreferences(requested, carl([]), ALL, false),
      requested.flatMap((c) => routesFor(c, carl([]), ALL, false)),
      'without a preference the routes are those of the policy',
    );
    assert.deepEqual(plan(['sms', 'voice'], carl(['voice'])), {
      sms: { status: 'queued', reason: null },
      voice: { status: 'suppressed', reason: 'Carl CTO prefers not to be reached by voice' },
    });
  });

  test('an avoided channel is used when the other channels of the step are unavailable for the person', () => {
    assert.deepEqual(plan(['sms', 'email'], carl(['sms'], { email: null })), {
      sms: { status: 'queued', reason: USED_ANYWAY },
      email: { status: 'unavailable', reason: 'Carl CTO has no e-mail address' },
    });
    const noGateway = ALL.filter((c) => c.kind !== 'sms-gateway');
    assert.deepEqual(
      plan(['voice', 'email'], carl(['voice']), { channels: noGateway }),
      {
        voice: { status: 'unavailable', reason: 'no SMS gateway is configured (CORDON_SMS_GATEWAY_URL)' },
        email: { status: 'queued', reason: null },
      },
      'an avoided channel that cannot reach the person anyway keeps its own reason',
    );
  });

  test('out-of-band rules keep precedence: chat stays suppressed for the incident, and does not count as reaching them', () => {
    assert.deepEqual(plan(['sms', 'chat'], carl(['sms']), { outOfBand: true }), {
      sms: { status: 'queued', reason: USED_ANYWAY },
      chat: { status: 'suppressed', reason: 'out-of-band: nothing about this incident goes to chat' },
    });
    assert.deepEqual(plan(['chat', 'email'], carl(['chat']), { outOfBand: true }).chat, {
      status: 'suppressed',
      reason: 'out-of-band: nothing about this incident goes to chat',
    });
  });

  test('the in-app notification is not affected, and does not count as reaching the person', () => {
    assert.deepEqual(plan(['app', 'voice'], carl(['voice'])), {
      app: { status: 'delivered', reason: null },
      voice: { status: 'queued', reason: USED_ANYWAY },
    });
  });
});
