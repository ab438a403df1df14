import assert from 'node:assert/strict';
import type { World } from '../../test/fakes/world.ts';

/** What the escalation tests read of GET …/escalations (src/escalation/present.ts). */
export type Page = {
  id: string;
  state: string;
  recipient: { name: string };
  fallback: boolean;
  round: number;
  channels: string[];
};
export type Run = {
  rule: { id: string };
  state: string;
  steps: { id: string; state: string; pages: Page[] }[];
};

export const BREACH_RULE_NAME = 'Data breach - notify the supervisor, the Manager of DevOps and the CTO';
export const slackText = (m: { blocks?: { text?: { text: string } }[] }) =>
  (m.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');

/**
 * The steps the escalation tests share, over a World started in `before` (hence the getter): report an
 * event, declare an incident, read a subject's escalation runs, and see what each channel received since
 * a mark.
 */
export function escalationHelpers(world: () => World) {
  const token = (who: string) => {
    const p = world().people[who];
    if (!p) throw new Error(`no ${who}`);
    return p.token;
  };
  const report = async (body: Record<string, unknown>) => {
    const w = world();
    const res = await w.t.api('POST', '/api/v1/reports', {
      token: token('emma'),
      body: {
        title: 'Customer list on a paste site',
        description: 'Our customer export is public.',
        ...body,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    await w.drain();
    return res.json().ref as string;
  };
  /** An employee reports a suspected breach and the Security Delegate promotes it to a P1 data breach. */
  const breachIncident = async () => {
    const w = world();
    const ref = await report({ suspectedBreach: true });
    const promoted = await w.t.api('POST', `/api/v1/events/${ref}/disposition`, {
      token: token('delia'),
      body: { action: 'promote', type: 'data-breach', severity: 'P1' },
    });
    assert.equal(promoted.statusCode, 200, promoted.body);
    await w.drain();
    return promoted.json().incident.key as string;
  };
  const declare = async (severity: string, extra: Record<string, unknown> = {}) => {
    const w = world();
    const res = await w.t.api('POST', '/api/v1/incidents', {
      token: token('delia'),
      body: {
        title: `${severity}: ransomware on the file server`,
        type: 'malicious-code',
        severity,
        ...extra,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    await w.drain();
    return res.json().key as string;
  };
  const runsOf = async (path: string): Promise<Run[]> => {
    const res = await world().t.api('GET', `/api/v1/${path}/escalations`, { token: token('delia') });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items as Run[];
  };
  const step = (runs: Run[], rule: string, id: string) => {
    const found = runs.find((r) => r.rule.id === rule)?.steps.find((s) => s.id === id);
    assert.ok(found, `${rule}/${id}`);
    return found;
  };
  /** The breach rule's fallback page (the CEO, when neither the Manager of DevOps nor the CTO acknowledged). */
  const breachFallback = async (key: string) =>
    step(
      await runsOf(`incidents/${key}`),
      'breach-to-supervisor-devops-manager-cto',
      'notify-devops-manager-and-cto',
    ).pages.find((p) => p.fallback);
  const names = (pages: Page[]) => pages.map((p) => p.recipient.name).sort();
  const since = () => {
    const w = world();
    const mark = { mail: w.smtp.messages.length, sms: w.sms.messages.length, slack: w.slack.posted.length };
    return {
      mailTo: (a: string) => w.smtp.messages.slice(mark.mail).filter((m) => m.to.includes(a)),
      smsTo: (p: string) => w.sms.messages.slice(mark.sms).filter((m) => m.to === p),
      slackTo: (c: string) => w.slack.posted.slice(mark.slack).filter((m) => m.channel === c),
    };
  };
  return { token, report, breachIncident, breachFallback, declare, runsOf, step, names, since };
}
