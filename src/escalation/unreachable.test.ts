import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, startWorld, type World } from '../../test/fakes/world.ts';
import { testBackends } from '../../test/harness/database.ts';

type Run = {
  rule: { id: string };
  steps: { id: string; state: string; pages: { fallback: boolean; recipient: { name: string } }[] }[];
};

/**
 * The seed's fallback when the people a step pages cannot be reached at all (the rest of the seed's escalation:
 * reports-and-breaches.test.ts, severity-paging.test.ts).
 */
for (const backend of testBackends()) {
  describe(`neither reachable [${backend}]`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(backend);
      // The Manager of DevOps and the CTO cannot be reached on any channel.
      w.smtp.unknownMailboxes.add('dana@example.com').add('carl@example.com');
      w.sms.unreachable.add('+15550000002').add('+15550000003');
      w.slack.unknownMembers.add('U0DANA').add('U0CARL');
    });
    after(() => w.close());

    test('when neither the Manager of DevOps nor the CTO is reachable, the CEO is notified immediately', async () => {
      const res = await w.t.api('POST', '/api/v1/reports', {
        token: w.people.emma?.token,
        body: {
          title: 'Customer export on a paste site',
          description: 'Found by a customer.',
          suspectedBreach: true,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const ref = res.json().ref as string;
      // Every delivery to them fails, is retried (twice, a second apart) and ends dead; the clock does not move.
      await eventually(
        async () => {
          await w.drain();
          return w.sms.to('+15550000005').length > 0;
        },
        20_000,
        'the CEO paged',
      );
      const runs = (
        await w.t.api('GET', `/api/v1/events/${ref}/escalations`, { token: w.people.delia?.token })
      ).json().items as Run[];
      const pair = runs
        .find((r) => r.rule.id === 'breach-to-supervisor-devops-manager-cto')
        ?.steps.find((s) => s.id === 'notify-devops-manager-and-cto');
      assert.equal(pair?.state, 'escalated');
      assert.deepEqual(
        pair?.pages.filter((p) => p.fallback).map((p) => p.recipient.name),
        ['Cathy CEO'],
      );
      assert.equal(w.clock.now().toISOString(), '2026-03-02T09:00:00.000Z', 'before any timeout');
    });
  });
}
