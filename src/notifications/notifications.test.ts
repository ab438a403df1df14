import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { verifyCordonSignature } from '../../test/fakes/webhook-receiver.ts';
import { eventually, startWorld, type World } from '../../test/fakes/world.ts';
import { testBackends } from '../../test/harness/database.ts';
import { syncEnvChannels } from './channels.ts';
import { notificationChannels } from './tables.ts';

for (const backend of testBackends()) {
  describe(`notifications [${backend}]`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(backend);
      // Teams and Mattermost point at the webhook fake (configured through the API, like an administrator would).
      for (const [key, kind, url] of [
        ['teams-api', 'teams-webhook', w.hooks.teamsUrl],
        ['mattermost-api', 'mattermost-webhook', w.hooks.mattermostUrl],
      ] as const) {
        const res = await w.t.api('PUT', `/api/v1/notification-channels/${key}`, {
          body: { kind, config: { url } },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
    });
    after(() => w.close());

    const token = (who: string) => w.people[who]?.token ?? '';
    const declare = async (severity: string) => {
      const res = await w.t.api('POST', '/api/v1/incidents', {
        token: token('delia'),
        body: { title: 'Webshell on the intranet', type: 'malicious-code', severity },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().key as string;
    };
    const timeline = async (key: string) =>
      (await w.t.api('GET', `/api/v1/incidents/${key}/timeline`, { token: token('delia') })).json().items as {
        kind: string;
        data: Record<string, unknown>;
      }[];

    test('channel credentials are stored encrypted, never in clear, and never shown', async () => {
      const rows = await w.t.cordon.database.db.select().from(notificationChannels);
      const slack = rows.find((r) => r.key === 'slack');
      assert.ok(slack?.secret?.startsWith('v1.'));
      assert.ok(!JSON.stringify(rows).includes(w.slack.token), 'the Slack token is not stored in clear');
      assert.ok(!JSON.stringify(rows).includes(w.webhookSecret), 'nor the webhook secret');
      const listed = await w.t.api('GET', '/api/v1/notification-channels');
      assert.equal(listed.statusCode, 200);
      assert.ok(!listed.body.includes(w.slack.token));
      assert.equal(listed.json().items.find((c: { key: string }) => c.key === 'slack').hasCredentials, true);
      const env = await w.t.api('PUT', '/api/v1/notification-channels/slack', {
        body: { kind: 'slack-api', config: { token: 'x' } },
      });
      assert.equal(env.statusCode, 422, 'environment channels are not changed through the API');
      const bad = await w.t.api('PUT', '/api/v1/notification-channels/extra', {
        body: { kind: 'webhook', config: { url: 'ftp://x' } },
      });
      assert.equal(bad.json().error.code, 'notification_channel.invalid');
    });

    test('generic webhooks are signed with HMAC-SHA256; Teams and Mattermost get their own formats', async () => {
      const key = await declare('P1');
      await w.drain();
      const hook = w.hooks.http.received('/hook').find((r) => r.body.includes(key));
      assert.ok(!hook, 'P1 goes to chat only, not to the generic webhook');
      const teams = w.hooks.http.received('/teams').filter((r) => r.body.includes(key));
      const mattermost = w.hooks.http.received('/mattermost').filter((r) => r.body.includes(key));
      assert.ok(teams.length > 0 && mattermost.length > 0);
      assert.equal(JSON.parse(teams[0]?.body ?? '{}')['@type'], 'MessageCard');
      assert.match(
        JSON.parse(mattermost[0]?.body ?? '{}').text,
        /\[Open in Cordon\]\(https:\/\/cordon\.example\.com\/incidents\//,
      );
      // The generic webhook, through its test message.
      const test = await w.t.api('POST', '/api/v1/notification-channels/webhook/test', { body: {} });
      assert.equal(test.statusCode, 202, test.body);
      await w.drain();
      const signed = w.hooks.http.received('/hook').at(-1);
      assert.ok(signed);
      assert.ok(
        verifyCordonSignature(w.webhookSecret, signed),
        'the signature verifies with the shared secret',
      );
      assert.ok(!verifyCordonSignature('another secret entirely', signed));
      assert.equal(signed.headers['x-cordon-delivery'], test.json().id);
    });

    test('a failed delivery is retried with backoff, and recorded as failed then delivered', async () => {
      w.smtp.failNext(1);
      const key = await declare('P0');
      await w.drain();
      await eventually(
        async () => {
          await w.drain();
          return w.smtp.to('carl@example.com').some((m) => m.subject.includes(key));
        },
        15_000,
        'the retried e-mail',
      );
      const kinds = (await timeline(key)).map((e) => e.kind);
      assert.ok(kinds.includes('notification.failed'), 'the failed attempt is on the timeline');
      assert.ok(kinds.includes('notification.delivered'));
    });

    test('a delivery that keeps failing ends dead: visible on the timeline and in the dead-letter view', async () => {
      w.hooks.http.failNext('/teams', 100, 500);
      const key = await declare('P1');
      await w.drain();
      await eventually(
        async () => {
          await w.drain();
          return (await timeline(key)).some((e) => e.kind === 'notification.dead');
        },
        20_000,
        'a dead delivery',
      );
      const dead = await w.t.api('GET', '/api/v1/deliveries?status=dead', { token: token('delia') });
      const item = dead.json().items.find((d: { incidentKey: string }) => d.incidentKey === key);
      assert.ok(item, 'listed as dead');
      assert.equal(item.attempts, 3, 'the first attempt and two retries');
      assert.match(item.lastError, /HTTP 500/);
      w.hooks.http.failNext('/teams', 0);
      const retried = await w.t.api('POST', `/api/v1/deliveries/${item.id}/retry`, { token: token('delia') });
      assert.equal(retried.statusCode, 200, retried.body);
      await w.drain();
      const after = await w.t.api('GET', '/api/v1/deliveries?status=delivered&limit=200', {
        token: token('delia'),
      });
      assert.ok(after.json().items.some((d: { id: string }) => d.id === item.id));
    });

    test('out-of-band: only a Delegate switches it, and then nothing goes to chat or the normal mail server', async () => {
      const key = await declare('P2');
      await w.drain();
      const refused = await w.t.api('PUT', `/api/v1/incidents/${key}/out-of-band`, {
        token: token('enzo'),
        body: { enabled: true, reason: 'Slack may be compromised' },
      });
      assert.equal(refused.statusCode, 403);
      const switched = await w.t.api('PUT', `/api/v1/incidents/${key}/out-of-band`, {
        token: token('delia'),
        body: { enabled: true, reason: 'Slack may be compromised' },
      });
      assert.equal(switched.statusCode, 200, switched.body);
      await w.drain();
      const mark = {
        mail: w.smtp.messages.length,
        oob: w.oobSmtp.messages.length,
        slack: w.slack.posted.length,
        hooks: w.slack.webhookMessages.length,
        sms: w.sms.messages.length,
      };
      const raised = await w.t.api('POST', `/api/v1/incidents/${key}/severity`, {
        token: token('delia'),
        body: { severity: 'P0', reason: 'attacker is in the chat workspace' },
      });
      assert.equal(raised.statusCode, 200);
      await w.drain();
      assert.equal(
        w.smtp.messages.slice(mark.mail).filter((m) => m.subject.includes(key)).length,
        0,
        'no normal e-mail',
      );
      assert.equal(
        w.slack.posted.slice(mark.slack).filter((m) => JSON.stringify(m).includes(key)).length,
        0,
        'no Slack',
      );
      assert.equal(w.slack.webhookMessages.length, mark.hooks, 'no Slack webhook');
      assert.ok(
        w.oobSmtp.messages
          .slice(mark.oob)
          .some((m) => m.subject.includes(key) && m.to.includes('carl@example.com')),
        'the out-of-band mail server carries it',
      );
      assert.ok(
        w.sms.messages.slice(mark.sms).some((m) => m.to === '+15550000003'),
        'and text messages',
      );
      const entries = await timeline(key);
      const enabled = entries.find((e) => e.kind === 'incident.out_of_band_enabled');
      assert.ok(enabled);
      const told = enabled.data.told as { recipient: string; channel: string; status: string }[];
      assert.ok(
        told.some((t) => t.recipient === 'Delia Delegate' && t.channel === 'sms'),
        'responders are told by text message',
      );
      const paged = entries.filter((e) => e.kind === 'escalation.paged').at(-1);
      const recipients = (paged?.data.recipients ?? []) as {
        deliveries: { channel: string; status: string }[];
      }[];
      const deliveries = recipients.flatMap((r) => r.deliveries);
      assert.ok(
        deliveries.some((d) => d.channel === 'chat' && d.status === 'suppressed'),
        'the suppressed chat is on the record',
      );
      const audit = await w.t.api(
        'GET',
        `/api/v1/audit?action=incident.out_of_band_enabled&incidentKey=${key}`,
        { token: token('delia') },
      );
      assert.equal(audit.json().items.length, 1, 'audited');
    });

    test('a Slack channel of its own is opened for a P0 incident, with the responders invited', async () => {
      const key = await declare('P0');
      await w.drain();
      const channel = w.slack.channels.find((c) => c.name === key.toLowerCase());
      assert.ok(channel, 'conversations.create');
      assert.ok(channel.members.includes('U0DELIA'), 'the Security Delegate is invited');
      assert.ok(w.slack.messagesTo(channel.id).length >= 1, 'and the incident is posted there');
      assert.ok((await timeline(key)).some((e) => e.kind === 'chat.room_opened'));
      const room = await w.t.api('GET', `/api/v1/incidents/${key}/chat-room`, { token: token('delia') });
      assert.equal(room.statusCode, 200, room.body);
      assert.equal(room.json().room.name, key.toLowerCase());
      assert.equal(room.json().room.roomId, channel.id);
      assert.equal(room.json().canOpen, false);
      const other = await declare('P1');
      const none = (
        await w.t.api('GET', `/api/v1/incidents/${other}/chat-room`, { token: token('delia') })
      ).json();
      assert.deepEqual(none, { incidentKey: other, room: null, canOpen: true, reason: null });
    });

    test("the incident's own Slack channel is told of phase, severity and role changes as they happen", async () => {
      const key = await declare('P0');
      await w.drain();
      const channel = w.slack.channels.find((c) => c.name === key.toLowerCase());
      assert.ok(channel, 'a P0 incident has a channel of its own');
      const mark = w.slack.messagesTo(channel.id).length;
      const as = { token: token('delia') };
      const ok = async (method: 'POST' | 'DELETE', path: string, body?: Record<string, unknown>) => {
        const res = await w.t.api(method, `/api/v1/incidents/${key}${path}`, {
          ...as,
          ...(body ? { body } : {}),
        });
        assert.equal(res.statusCode, 200, res.body);
      };
      await ok('POST', '/transitions', { to: 'investigation' });
      await ok('POST', '/severity', { severity: 'P1', reason: 'contained to one host' });
      const enzo = w.people.enzo?.id ?? '';
      await ok('POST', '/roles', { role: 'incident-response-team', userId: enzo });
      await ok('DELETE', `/roles/incident-response-team/${enzo}`);
      await w.drain();
      await w.drain();
      const said = w.slack
        .messagesTo(channel.id)
        .slice(mark)
        .map((m) => String(m.text));
      // Each is a delivery of its own (retried on failure), so they may arrive in any order.
      assert.deepEqual(
        said.sort(),
        [
          `${key} moved from Detection and Analysis / Triage and analysis to Investigation (Delia).`,
          `${key} severity P0 → P1 (Delia).`,
          `Enzo is now Incident Response Team (IRT) on ${key} (Delia).`,
          `Enzo is no longer Incident Response Team (IRT) on ${key} (Delia).`,
        ].sort(),
      );
      const outOfBand = await w.t.api('PUT', `/api/v1/incidents/${key}/out-of-band`, {
        ...as,
        body: { enabled: true, reason: 'the chat workspace may be compromised' },
      });
      assert.equal(outOfBand.statusCode, 200, outOfBand.body);
      const quiet = w.slack.messagesTo(channel.id).length;
      await ok('POST', '/transitions', { to: 'containment' });
      await w.drain();
      assert.equal(w.slack.messagesTo(channel.id).length, quiet, 'nothing goes to chat once out-of-band');
    });

    test('changing a channel keeps the credentials that are not sent again (they are never shown)', async () => {
      const put = (config: Record<string, unknown>) =>
        w.t.api('PUT', '/api/v1/notification-channels/audit-hook', {
          body: { kind: 'webhook', config },
        });
      const secret = 'a-signing-secret-of-some-length';
      assert.equal((await put({ url: `${w.hooks.http.url}/hook-a`, secret })).statusCode, 200);
      const moved = await put({ url: `${w.hooks.http.url}/hook-b` });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().hasCredentials, true);
      assert.ok(!moved.body.includes(secret));
      const test = await w.t.api('POST', '/api/v1/notification-channels/audit-hook/test', { body: {} });
      assert.equal(test.statusCode, 202, test.body);
      await w.drain();
      const received = w.hooks.http.received('/hook-b').at(-1);
      assert.ok(received, 'the new address is used');
      assert.ok(verifyCordonSignature(secret, received), 'signed with the secret kept from before');
      const missing = await w.t.api('PUT', '/api/v1/notification-channels/new-hook', {
        body: { kind: 'webhook', config: { url: `${w.hooks.http.url}/hook-c` } },
      });
      assert.equal(
        missing.json().error.code,
        'notification_channel.invalid',
        'a new channel needs its secret',
      );
      assert.equal((await w.t.api('DELETE', '/api/v1/notification-channels/audit-hook')).statusCode, 204);
    });

    test('a channel whose environment variable is removed is disabled at the next start', async () => {
      const db = w.t.cordon.database.db;
      const smtp = async () =>
        (await db.select().from(notificationChannels).where(eq(notificationChannels.key, 'smtp')))[0];
      assert.equal((await smtp())?.source, 'env');
      const config = w.t.cordon.deps.config.notifications;
      await syncEnvChannels(db, { ...config, smtp: null }, w.clock.now());
      assert.equal((await smtp())?.enabled, false);
      await syncEnvChannels(db, config, w.clock.now());
      assert.equal((await smtp())?.enabled, true);
    });
  });
}
