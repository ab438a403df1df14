import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../../test/fakes/world.ts';
import { minutes } from '../../test/harness/clock.ts';
import { testBackends } from '../../test/harness/database.ts';
import { BREACH_RULE_NAME, escalationHelpers, type Page, slackText } from './escalation-test-support.ts';

/**
 * Who hears of a report and of a suspected breach, and how they acknowledge (e-mail link, Slack button).
 * Severity-driven paging of incidents: severity-paging.test.ts; unreachable people: unreachable.test.ts.
 */
for (const backend of testBackends()) {
  describe(`escalation in the policy's words: reports and breaches [${backend}]`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(backend);
    });
    after(() => w.close());
    const { token, report, runsOf, step, names, since } = escalationHelpers(() => w);

    test('employees notify their supervisor, the Manager of DevOps and the CISO of any suspected incident', async () => {
      const seen = since();
      const ref = await report({});
      const runs = await runsOf(`events/${ref}`);
      const s = step(runs, 'report-to-supervisor-devops-manager-ciso', 'notify-immediately');
      assert.deepEqual(names(s.pages), ['Cleo CISO', 'Dana DevOps', 'Sam Supervisor']);
      for (const [mail, slack] of [
        ['sam@example.com', 'U0SAM'],
        ['dana@example.com', 'U0DANA'],
        ['cleo@example.com', 'U0CLEO'],
      ] as const) {
        assert.ok(
          seen.mailTo(mail).some((m) => m.subject.includes(ref)),
          `e-mail to ${mail}`,
        );
        assert.equal(seen.slackTo(slack).length, 1, `Slack message to ${slack}`);
      }
      // Not a breach: the CTO hears nothing.
      assert.equal(seen.mailTo('carl@example.com').length, 0);
    });

    test('the Security Delegate monitors security incident notifications', async () => {
      const ref = await report({});
      const s = step(
        await runsOf(`events/${ref}`),
        'reports-to-security-delegate',
        'notify-security-delegate',
      );
      // The first administrator holds the role too (access.bootstrapRoles).
      assert.deepEqual(names(s.pages), ['Administrator', 'Delia Delegate']);
      const inbox = await w.t.api('GET', '/api/v1/notifications/inbox', { token: token('delia') });
      assert.ok(inbox.json().items.some((i: { subject: string }) => i.subject.includes(ref)));
    });

    test('a suspected data breach pages the supervisor, the Manager of DevOps and the CTO', async () => {
      const seen = since();
      const ref = await report({ suspectedBreach: true });
      const runs = await runsOf(`events/${ref}`);
      const rule = 'breach-to-supervisor-devops-manager-cto';
      assert.deepEqual(names(step(runs, rule, 'notify-supervisor').pages), ['Sam Supervisor']);
      const pair = step(runs, rule, 'notify-devops-manager-and-cto');
      assert.deepEqual(names(pair.pages), ['Carl CTO', 'Dana DevOps']);
      assert.equal(pair.state, 'paging');
      assert.equal(seen.smsTo('+15550000003').length, 1, 'the CTO gets a text message');
      assert.ok(
        seen.mailTo('carl@example.com').some((m) => m.text.includes(BREACH_RULE_NAME)),
        'and an e-mail',
      );
      assert.ok(
        seen.slackTo('U0CARL').some((m) => slackText(m).includes(BREACH_RULE_NAME)),
        'and a Slack message',
      );
    });

    test('pages the CEO when neither the Manager of DevOps nor the CTO acknowledges within the timeout', async () => {
      const ref = await report({ suspectedBreach: true });
      const seen = since();
      await w.advance(minutes(14));
      assert.equal(seen.smsTo('+15550000005').length, 0, 'not before the timeout');
      await w.advance(minutes(1));
      const pair = step(
        await runsOf(`events/${ref}`),
        'breach-to-supervisor-devops-manager-cto',
        'notify-devops-manager-and-cto',
      );
      assert.equal(pair.state, 'escalated');
      assert.deepEqual(names(pair.pages.filter((p) => p.fallback)), ['Cathy CEO']);
      const texts = seen
        .smsTo('+15550000005')
        .filter(
          (m) =>
            m.message.includes(ref) ||
            m.message.includes(ref.replace(/-/g, ' ').split('').join(' ').replace(/\s+/g, ' ')),
        );
      assert.deepEqual(texts.map((m) => m.kind).sort(), ['sms', 'voice'], 'the CEO is texted and called');
      assert.ok(
        seen.mailTo('cathy@example.com').some((m) => m.text.includes('nobody before you acknowledged')),
      );
    });

    test('does not page the CEO once the CTO has acknowledged', async () => {
      const ref = await report({ suspectedBreach: true });
      const pair = step(
        await runsOf(`events/${ref}`),
        'breach-to-supervisor-devops-manager-cto',
        'notify-devops-manager-and-cto',
      );
      const ctoPage = pair.pages.find((p) => p.recipient.name === 'Carl CTO');
      assert.ok(ctoPage);
      const ack = await w.t.api('POST', `/api/v1/pages/${ctoPage.id}/ack`, {
        token: token('carl'),
        body: { via: 'cli' },
      });
      assert.equal(ack.statusCode, 200, ack.body);
      assert.deepEqual(ack.json().stopped, ['CEO will not be paged']);
      const seen = since();
      await w.advance(minutes(30));
      const after = step(
        await runsOf(`events/${ref}`),
        'breach-to-supervisor-devops-manager-cto',
        'notify-devops-manager-and-cto',
      );
      assert.equal(after.state, 'acknowledged');
      assert.equal(after.pages.filter((p) => p.fallback).length, 0);
      assert.equal(seen.smsTo('+15550000005').length, 0, 'the CEO is not texted or called');
    });

    test('the Manager of DevOps acknowledging by the signed link in the e-mail stops the chain too', async () => {
      const seen = since();
      const ref = await report({ suspectedBreach: true });
      const mail = seen
        .mailTo('dana@example.com')
        .find((m) => m.text.includes('Please acknowledge within 15m'));
      const link = /Acknowledge: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
      assert.ok(link.startsWith('https://cordon.example.com/api/v1/pages/ack/'), mail?.text);
      const path = new URL(link).pathname;
      // Opening the link (a mail scanner does) acknowledges nothing; the button does.
      const opened = await w.t.api('GET', path, { token: null });
      assert.equal(opened.statusCode, 200);
      assert.match(opened.body, /<form method="post">/);
      const still = step(
        await runsOf(`events/${ref}`),
        'breach-to-supervisor-devops-manager-cto',
        'notify-devops-manager-and-cto',
      );
      assert.equal(still.state, 'paging');
      const clicked = await w.t.api('POST', path, { token: null, headers: { accept: 'application/json' } });
      assert.equal(clicked.statusCode, 200, clicked.body);
      const acked = step(
        await runsOf(`events/${ref}`),
        'breach-to-supervisor-devops-manager-cto',
        'notify-devops-manager-and-cto',
      );
      assert.equal(acked.state, 'acknowledged');
      assert.equal(acked.pages.find((p) => p.recipient.name === 'Dana DevOps')?.state, 'acknowledged');
    });

    test('a forged or expired acknowledgement link is refused', async () => {
      const seen = since();
      await report({ suspectedBreach: true });
      const link = /Acknowledge: (\S+)/.exec(seen.mailTo('carl@example.com')[0]?.text ?? '')?.[1];
      assert.ok(link);
      const path = new URL(link).pathname;
      const forged = await w.t.api('POST', `${path.slice(0, -4)}0000`, {
        token: null,
        headers: { accept: 'application/json' },
      });
      assert.equal(forged.statusCode, 403);
      assert.equal(forged.json().error.code, 'page.link_invalid');
      w.clock.advance(73 * 3_600_000);
      const expired = await w.t.api('POST', path, { token: null, headers: { accept: 'application/json' } });
      assert.equal(expired.statusCode, 403);
      assert.match(expired.json().error.message, /expired/);
    });

    test('the Acknowledge button in Slack acknowledges, signed by the Slack app', async () => {
      const seen = since();
      const ref = await report({ suspectedBreach: true });
      const message = seen.slackTo('U0CARL').find((m) => slackText(m).includes(BREACH_RULE_NAME));
      const button = message?.blocks
        ?.flatMap((b) => b.elements ?? [])
        .find((e) => e.action_id === 'cordon_ack');
      assert.ok(button?.value);
      const payload = JSON.stringify({
        type: 'block_actions',
        user: { id: 'U0CARL', name: 'carl' },
        actions: [{ action_id: 'cordon_ack', value: button.value }],
      });
      const body = `payload=${encodeURIComponent(payload)}`;
      const ts = String(Math.floor(w.clock.now().getTime() / 1000));
      const { createHmac } = await import('node:crypto');
      const signature = `v0=${createHmac('sha256', w.slackSigningSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
      const send = (sig: string) =>
        w.t.api('POST', '/api/v1/integrations/slack/actions', {
          token: null,
          payload: body,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': ts,
            'x-slack-signature': sig,
          },
        });
      assert.equal((await send(`v0=${'0'.repeat(64)}`)).statusCode, 401, 'an unsigned click is refused');
      const res = await send(signature);
      assert.equal(res.statusCode, 200, res.body);
      const pair = step(
        await runsOf(`events/${ref}`),
        'breach-to-supervisor-devops-manager-cto',
        'notify-devops-manager-and-cto',
      );
      const page = pair.pages.find((p) => p.recipient.name === 'Carl CTO') as Page & {
        acknowledgedVia: string;
      };
      assert.equal(page.acknowledgedVia, 'chat');
      assert.equal(pair.state, 'acknowledged');
    });
  });
}
