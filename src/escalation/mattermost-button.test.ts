import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../../test/fakes/world.ts';
import { minutes } from '../../test/harness/clock.ts';
import { testBackends } from '../../test/harness/database.ts';
import { escalationHelpers, type Page } from './escalation-test-support.ts';

/** A Mattermost incoming-webhook message, as Mattermost documents interactive message buttons. */
type MattermostMessage = {
  text: string;
  attachments?: {
    fallback?: string;
    actions?: {
      id: string;
      type: string;
      name: string;
      integration: { url: string; context: { action: string; token: string } };
    }[];
  }[];
};

const BREACH_RULE = 'breach-to-supervisor-devops-manager-cto';
const PAIR_STEP = 'notify-devops-manager-and-cto';
const ACTIONS_URL = 'https://cordon.example.com/api/v1/integrations/mattermost/actions';

/**
 * The "Acknowledge" button in Mattermost pages: Mattermost posts the button's context (the signed token)
 * back to Cordon, unsigned; the token alone acknowledges that one page.
 */
for (const backend of testBackends()) {
  describe(`escalation in the policy's words: the Mattermost button [${backend}]`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(backend);
      // Mattermost points at the webhook fake, configured through the API like an administrator would.
      const channel = await w.t.api('PUT', '/api/v1/notification-channels/mattermost', {
        body: { kind: 'mattermost-webhook', config: { url: w.hooks.mattermostUrl } },
      });
      assert.equal(channel.statusCode, 200, channel.body);
      // Dana's chat handle is her Mattermost user name, written with the '@'.
      const dana = await w.t.api('PATCH', '/api/v1/directory/people/dana', {
        body: { chatHandle: '@dana.devops' },
      });
      assert.equal(dana.statusCode, 200, dana.body);
    });
    after(() => w.close());
    const { report, declare, runsOf, step } = escalationHelpers(() => w);

    const mattermostMark = () => w.hooks.http.received('/mattermost').length;
    const mattermostSince = (mark: number): MattermostMessage[] =>
      w.hooks.http
        .received('/mattermost')
        .slice(mark)
        .map((r) => JSON.parse(r.body) as MattermostMessage);
    const buttonOf = (m: MattermostMessage | undefined) =>
      m?.attachments?.flatMap((a) => a.actions ?? []).find((a) => a.id === 'cordonack');
    /** The Mattermost message paging one page: its button's token names the page. */
    const messageFor = (messages: MattermostMessage[], pageId: string) =>
      messages.find((m) => buttonOf(m)?.integration.context.token.startsWith(`${pageId}.`));
    const carlsPage = async (ref: string) => {
      const pair = step(await runsOf(`events/${ref}`), BREACH_RULE, PAIR_STEP);
      const page = pair.pages.find((p) => p.recipient.name === 'Carl CTO');
      assert.ok(page, 'the CTO is paged');
      return { pair, page: page as Page & { acknowledgedVia: string | null; acknowledgedBy: string | null } };
    };
    /** A suspected breach is reported; the button of the Mattermost message paging the CTO. */
    const breachPagedToCarl = async () => {
      const mark = mattermostMark();
      const ref = await report({ suspectedBreach: true });
      const { page } = await carlsPage(ref);
      const button = buttonOf(messageFor(mattermostSince(mark), page.id));
      assert.ok(button, 'the message paging the CTO has the button');
      return { ref, page, button };
    };
    const click = (body: unknown) =>
      w.t.api('POST', '/api/v1/integrations/mattermost/actions', { token: null, body });
    /** What Mattermost posts when someone clicks the button (with fields Cordon does not read). */
    const clickPayload = (userName: string, context: unknown) => ({
      user_id: 'rdc9zo7bpbbx8q1bexp5ftqwch',
      user_name: userName,
      channel_id: 'ckrb1xd6bfb3zkyu1hpruxh4ue',
      channel_name: 'incidents',
      team_id: 'ae1dk6jhcbfcpmkxa9mu1cfzbe',
      team_domain: 'acme',
      post_id: 'tcjdexw9b7n9pbn8fbwsdkmsyh',
      trigger_id: 'dHJpZ2dlcg==',
      type: '',
      context,
    });

    test('a page to Mattermost carries an Acknowledge button that calls back into Cordon with a signed token', async () => {
      const mark = mattermostMark();
      const ref = await report({ suspectedBreach: true });
      const { page } = await carlsPage(ref);
      const message = messageFor(mattermostSince(mark), page.id);
      const button = buttonOf(message);
      assert.ok(button, 'the Mattermost message has the button');
      assert.equal(button.type, 'button');
      assert.equal(button.name, 'Acknowledge');
      assert.equal(button.integration.url, ACTIONS_URL);
      assert.equal(button.integration.context.action, 'acknowledge');
      assert.match(button.integration.context.token, /^[0-9a-f-]{36}\.\d+\.[0-9a-f]{32}$/);
      // The signed link stays in the text, for a Mattermost server that cannot reach Cordon.
      assert.ok(
        message?.text.includes(
          `[Acknowledge](https://cordon.example.com/api/v1/pages/ack/${button.integration.context.token})`,
        ),
        message?.text,
      );
    });

    test("clicking the button in Mattermost acknowledges as the clicker's directory person and stops the chain", async () => {
      const { ref, button } = await breachPagedToCarl();
      const res = await click(clickPayload('dana.devops', button.integration.context));
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.json().ephemeral_text, /^Acknowledged\. CEO will not be paged/);
      const { pair, page: acked } = await carlsPage(ref);
      assert.equal(acked.acknowledgedVia, 'chat');
      assert.equal(acked.acknowledgedBy, 'Carl CTO (Dana DevOps)', "Dana's chat handle is @dana.devops");
      assert.equal(pair.state, 'acknowledged');
      await w.advance(minutes(30));
      const later = (await carlsPage(ref)).pair;
      assert.equal(later.state, 'acknowledged');
      assert.equal(later.pages.filter((p) => p.fallback).length, 0, 'the CEO is not paged');
      const again = await click(clickPayload('dana.devops', button.integration.context));
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().ephemeral_text, 'Already acknowledged.');
    });

    test('the person paged clicking their own button is recorded once, by name', async () => {
      const { ref, button } = await breachPagedToCarl();
      // Carl's chat handle in the directory is U0CARL.
      const res = await click(clickPayload('U0CARL', button.integration.context));
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await carlsPage(ref)).page.acknowledgedBy, 'Carl CTO');
    });

    test('a forged or expired token in a Mattermost click is refused and acknowledges nothing', async () => {
      const { ref, button } = await breachPagedToCarl();
      const real = button.integration.context.token;
      const forged = await click(
        clickPayload('dana.devops', { action: 'acknowledge', token: `${real.slice(0, -4)}0000` }),
      );
      assert.equal(forged.statusCode, 200, forged.body);
      assert.equal(forged.json().ephemeral_text, 'This acknowledgement link is not valid.');
      const { pair, page: still } = await carlsPage(ref);
      assert.equal(still.state, 'open');
      assert.equal(pair.state, 'paging');
      w.clock.advance(73 * 3_600_000);
      const expired = await click(clickPayload('dana.devops', button.integration.context));
      assert.equal(expired.statusCode, 200, expired.body);
      assert.match(expired.json().ephemeral_text, /expired/);
      assert.equal((await carlsPage(ref)).page.acknowledgedVia, null);
    });

    test('a malformed Mattermost click is a 400 naming the field, never a 500', async () => {
      for (const body of [
        {},
        clickPayload('carl', { action: 'acknowledge' }),
        clickPayload('carl', { action: 'acknowledge', token: 42 }),
        clickPayload('carl', { action: 'escalate', token: 'a'.repeat(40) }),
      ]) {
        const res = await click(body);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error.code, 'validation.failed');
        assert.match(res.json().error.message, /^body\.context/);
      }
      const garbage = await w.t.api('POST', '/api/v1/integrations/mattermost/actions', {
        token: null,
        payload: '{"context":',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(garbage.statusCode, 400, garbage.body);
    });

    test("a restricted incident's Mattermost page says only the brief, and its button still acknowledges", async () => {
      const mark = mattermostMark();
      const title = 'Payroll database copied to a personal laptop';
      // Need-to-know: the CTO may see it as its assignee, so the P1 rule pages him through chat.
      const key = await declare('P1', { title, visibility: 'restricted', assigneeId: w.people.carl?.id });
      const messages = mattermostSince(mark).filter((m) => m.text.includes(key));
      assert.ok(messages.length > 0, 'the CTO is paged in Mattermost');
      for (const m of messages) {
        assert.ok(!JSON.stringify(m).includes(title), m.text);
        assert.match(m.text, new RegExp(`P1 ${key}: you are paged`));
        assert.ok(buttonOf(m), 'with the button');
      }
      // Someone the directory does not know by that chat handle is recorded by their Mattermost user name.
      const button = buttonOf(messages[0]);
      assert.ok(button);
      const res = await click(clickPayload('night.operator', button.integration.context));
      assert.equal(res.statusCode, 200, res.body);
      const page = step(await runsOf(`incidents/${key}`), 'p1-declared', 'notify-manager-via-chat')
        .pages[0] as (Page & { acknowledgedBy: string | null }) | undefined;
      assert.equal(page?.acknowledgedBy, 'Carl CTO (night.operator)');
    });
  });
}
