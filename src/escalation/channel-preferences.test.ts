import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../../test/fakes/world.ts';
import { minutes } from '../../test/harness/clock.ts';
import { testBackends } from '../../test/harness/database.ts';
import { escalationHelpers } from './escalation-test-support.ts';

type TimelineDelivery = { channel: string; status: string; reason: string | null };
type TimelineEntry = {
  kind: string;
  data: {
    rule?: { id: string };
    recipients?: { name: string; deliveries: TimelineDelivery[] }[];
  };
};

/**
 * A person's choice of channels ("text me, don't call", docs/escalation.md): the channels a directory
 * person avoids are skipped when another channel of the step reaches them, and used anyway when none does.
 */
for (const backend of testBackends()) {
  describe(`a person's choice of channels for pages [${backend}]`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(backend);
    });
    after(() => w.close());
    const { token, breachIncident, breachFallback, declare, since } = escalationHelpers(() => w);

    const avoid = async (handle: string, avoidChannels: string[]) => {
      const res = await w.t.api('PATCH', `/api/v1/directory/people/${handle}`, { body: { avoidChannels } });
      assert.equal(res.statusCode, 200, res.body);
    };
    const timelineOf = async (key: string): Promise<TimelineEntry[]> =>
      (await w.t.api('GET', `/api/v1/incidents/${key}/timeline`, { token: token('delia') })).json().items;
    const deliveriesOf = (entries: TimelineEntry[], kind: string, rule: string, name: string) => {
      const entry = entries.find((e) => e.kind === kind && e.data.rule?.id === rule);
      assert.ok(entry, `${kind} of ${rule}`);
      const recipient = entry.data.recipients?.find((r) => r.name === name);
      assert.ok(recipient, name);
      return recipient.deliveries;
    };

    test('when an escalation step pages a person on several channels, the channels that person avoids are not used', async () => {
      await avoid('cathy', ['voice', 'email']);
      try {
        const key = await breachIncident();
        const seen = since();
        await w.advance(minutes(15));
        // The CEO fallback of the breach rule is [sms, voice, email]: Cathy is texted only.
        const ceo = await breachFallback(key);
        assert.ok(ceo, 'the CEO is paged');
        assert.deepEqual(
          seen.smsTo('+15550000005').map((m) => m.kind),
          ['sms'],
          'texted, not called',
        );
        assert.equal(seen.mailTo('cathy@example.com').length, 0, 'and not e-mailed');
        const recorded = deliveriesOf(
          await timelineOf(key),
          'escalation.escalated',
          'breach-to-supervisor-devops-manager-cto',
          'Cathy CEO',
        );
        const byChannel = Object.fromEntries(recorded.map((d) => [d.channel, d]));
        assert.equal(byChannel.sms?.status, 'queued');
        assert.equal(byChannel.voice?.status, 'suppressed');
        assert.equal(byChannel.voice?.reason, 'Cathy CEO prefers not to be reached by voice');
        assert.equal(byChannel.email?.status, 'suppressed');
        assert.equal(byChannel.email?.reason, 'Cathy CEO prefers not to be reached by e-mail');
        // The delivery log shows the call that was not made, and why.
        const log = await w.t.api('GET', `/api/v1/deliveries?incident=${key}&channel=voice`);
        assert.equal(log.statusCode, 200, log.body);
        const voice = log.json().items.find((d: { recipient: string }) => d.recipient === 'Cathy CEO');
        assert.equal(voice?.status, 'suppressed');
        assert.equal(voice?.lastError, 'Cathy CEO prefers not to be reached by voice');
      } finally {
        await avoid('cathy', []);
      }
    });

    test('a preference never leaves a person unpaged: if every channel of the step is one they avoid, it is used anyway, and said so', async () => {
      await avoid('carl', ['sms', 'chat', 'email']);
      try {
        const seen = since();
        const key = await declare('P0');
        // P0 pages senior management by [sms, chat, email]: Carl avoids all three and gets all three.
        assert.equal(seen.smsTo('+15550000003').length, 1, 'texted');
        assert.equal(seen.slackTo('U0CARL').length, 1, 'messaged');
        assert.equal(seen.mailTo('carl@example.com').length, 1, 'e-mailed');
        const recorded = deliveriesOf(await timelineOf(key), 'escalation.paged', 'p0-declared', 'Carl CTO');
        assert.deepEqual(recorded.map((d) => d.channel).sort(), ['chat', 'email', 'sms']);
        for (const d of recorded) {
          assert.equal(d.status, 'queued', d.channel);
          assert.equal(
            d.reason,
            'used although Carl CTO avoids it: no other channel of this step reaches them',
            d.channel,
          );
        }
        // The delivery log says why the text went out although Carl avoids it: a note, not an error.
        const log = await w.t.api('GET', `/api/v1/deliveries?incident=${key}&channel=sms`);
        assert.equal(log.statusCode, 200, log.body);
        const sms = log.json().items.find((d: { recipient: string }) => d.recipient === 'Carl CTO');
        assert.equal(
          sms?.note,
          'used although Carl CTO avoids it: no other channel of this step reaches them',
        );
        assert.equal(sms?.lastError, null);
        // Someone else on the same step, without a preference, is paged as the policy says.
        const cathy = deliveriesOf(await timelineOf(key), 'escalation.paged', 'p0-declared', 'Cathy CEO');
        assert.ok(cathy.every((d) => d.status === 'queued' && d.reason === null));
      } finally {
        await avoid('carl', []);
      }
    });
  });
}
