import { randomBytes } from 'node:crypto';
import { FakeClock } from '../harness/clock.ts';
import { startTestCordon, type TestCordon } from '../harness/cordon.ts';
import type { BackendName } from '../harness/database.ts';
import { FakeSlack } from './slack.ts';
import { FakeSmsGateway } from './sms-gateway.ts';
import { SmtpReceiver } from './smtp-receiver.ts';
import { FakeWebhooks } from './webhook-receiver.ts';

/**
 * A Cordon with every notification channel pointed at a local double: two real SMTP servers (the normal
 * and the out-of-band one), a Slack-compatible API and incoming webhook, Teams and Mattermost webhooks, a
 * signed generic webhook and an SMS gateway. Background workers are off: `drain()` does what is due at
 * the fake clock's time, so tests decide when time passes.
 */
export interface World {
  t: TestCordon;
  clock: FakeClock;
  smtp: SmtpReceiver;
  oobSmtp: SmtpReceiver;
  slack: FakeSlack;
  sms: FakeSmsGateway;
  hooks: FakeWebhooks;
  secretKey: string;
  webhookSecret: string;
  slackSigningSecret: string;
  people: Record<string, { id: string; token: string }>;
  drain(): Promise<void>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** The directory the tests run against: the seeds' positions filled, a supervisor, an on-call rotation. */
export const DIRECTORY_YAML = `
people:
  - { handle: emma, name: Emma Employee, email: emma@example.com, username: emma, supervisor: sam, teams: [customer-success] }
  - { handle: sam, name: Sam Supervisor, email: sam@example.com, phone: "+15550000001", chatHandle: U0SAM, username: sam }
  - { handle: dana, name: Dana DevOps, title: Manager of DevOps, email: dana@example.com, phone: "+15550000002", chatHandle: U0DANA, username: dana, positions: [manager-of-devops], teams: [devops] }
  - { handle: carl, name: Carl CTO, email: carl@example.com, phone: "+15550000003", chatHandle: U0CARL, username: carl, positions: [cto] }
  - { handle: cleo, name: Cleo CISO, email: cleo@example.com, phone: "+15550000004", chatHandle: U0CLEO, username: cleo, positions: [ciso] }
  - { handle: cathy, name: Cathy CEO, email: cathy@example.com, phone: "+15550000005", chatHandle: U0CATHY, username: cathy, positions: [ceo] }
  - { handle: delia, name: Delia Delegate, email: delia@example.com, phone: "+15550000006", chatHandle: U0DELIA, username: delia, positions: [security-delegate] }
  - { handle: enzo, name: Enzo Engineer, email: enzo@example.com, phone: "+15550000007", chatHandle: U0ENZO, username: enzo, teams: [devops] }
  - { handle: erin, name: Erin Engineer, email: erin@example.com, phone: "+15550000008", chatHandle: U0ERIN, username: erin, teams: [devops] }
teams:
  devops: { email: devops-queue@example.com, members: [dana, enzo, erin] }
schedules:
  on-call-engineers:
    name: On-call engineers
    timeZone: UTC
    rotation: weekly
    handoffTime: "09:00"
    handoffDay: 1
    startDate: "2026-03-02"
    participants: [enzo, erin]
`;

const USERS: [string, string[]][] = [
  ['emma', ['user']],
  ['sam', ['user']],
  ['dana', ['devops']],
  ['carl', ['executive-management']],
  ['cleo', ['user']],
  ['cathy', ['executive-management']],
  ['delia', ['security-delegate']],
  ['enzo', ['engineer']],
  ['erin', ['engineer']],
];

export async function startWorld(
  backend: BackendName,
  options: { env?: Record<string, string>; directory?: boolean } = {},
): Promise<World> {
  const [smtp, oobSmtp, slack, sms, hooks] = await Promise.all([
    SmtpReceiver.start(),
    SmtpReceiver.start(),
    new FakeSlack().start(),
    new FakeSmsGateway().start(),
    new FakeWebhooks().start(),
  ]);
  const secretKey = randomBytes(32).toString('base64');
  const webhookSecret = randomBytes(24).toString('hex');
  const slackSigningSecret = randomBytes(16).toString('hex');
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  const t = await startTestCordon(backend, {
    clock,
    env: {
      CORDON_WORKERS: 'false',
      CORDON_PUBLIC_URL: 'https://cordon.example.com',
      CORDON_SECRET_KEY: secretKey,
      CORDON_SMTP_HOST: '127.0.0.1',
      CORDON_SMTP_PORT: String(smtp.port),
      CORDON_SMTP_FROM: 'cordon@example.com',
      CORDON_OOB_SMTP_HOST: '127.0.0.1',
      CORDON_OOB_SMTP_PORT: String(oobSmtp.port),
      CORDON_OOB_SMTP_FROM: 'cordon-oob@example.net',
      CORDON_SLACK_WEBHOOK_URL: slack.webhookUrl,
      CORDON_SLACK_TOKEN: slack.token,
      CORDON_SLACK_API_URL: slack.apiUrl,
      CORDON_SLACK_SIGNING_SECRET: slackSigningSecret,
      CORDON_WEBHOOK_URL: hooks.hookUrl,
      CORDON_WEBHOOK_SECRET: webhookSecret,
      CORDON_SMS_GATEWAY_URL: sms.url,
      CORDON_SMS_GATEWAY_TOKEN: sms.token,
      CORDON_DELIVERY_RETRIES: '2',
      CORDON_DELIVERY_RETRY_SECONDS: '1',
      CORDON_DELIVERY_TIMEOUT_SECONDS: '5',
      ...options.env,
    },
  });
  const people: World['people'] = {};
  for (const [username, roles] of USERS) people[username] = await t.user(username, roles);
  if (options.directory !== false) {
    const imported = await t.api('POST', '/api/v1/directory/import', {
      body: { format: 'yaml', content: DIRECTORY_YAML },
    });
    if (imported.statusCode !== 200) throw new Error(`directory import failed: ${imported.body}`);
  }
  const drain = async () => {
    await t.cordon.engine.drain();
  };
  return {
    t,
    clock,
    smtp,
    oobSmtp,
    slack,
    sms,
    hooks,
    secretKey,
    webhookSecret,
    slackSigningSecret,
    people,
    drain,
    advance: async (ms: number) => {
      clock.advance(ms);
      await drain();
    },
    close: async () => {
      await t.close();
      await Promise.all([smtp.close(), oobSmtp.close(), slack.close(), sms.close(), hooks.close()]);
    },
  };
}

/** Waits (real time) until `check` holds: deliveries retried with backoff take real seconds. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
