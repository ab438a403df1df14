import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { SmtpReceiver } from '../fakes/smtp-receiver.ts';
import { FakeClock, minutes } from '../harness/clock.ts';
import { browserSkipReason, pageErrors, startWebCordon, type WebCordon } from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * Pages and acknowledgements in the web app. A suspected data breach pages the Manager of DevOps and the
 * CTO (e-mail through a local SMTP server; SMS and chat are not configured, and say so); the incident page
 * shows the escalation as it happens, live; the CTO acknowledges on the Pages screen, the chain stops (the
 * CEO is not paged after the timeout), and the escalation and the timeline show who acknowledged.
 * Workers are off: `drain()` does what is due at the fake clock's time, as the escalation tests do.
 */
const skip = browserSkipReason();
const BREACH_RULE =
  'Data breach - notify the supervisor, the Manager of DevOps and the CTO; the CEO if neither is reachable';
// Starts at the real time so the browser keeps its session cookie; moved forward to pass the ack timeout.
const clock = new FakeClock(new Date().toISOString());
let smtp: SmtpReceiver;
let w: WebCordon;
const pw: Record<string, string> = {};
let incidentKey = '';

const DIRECTORY = `people:
  - { handle: dana, name: Dana DevOps, email: dana@example.com, phone: "+15550000002", chatHandle: U0DANA, username: dana, positions: [manager-of-devops], teams: [devops] }
  - { handle: carl, name: Carl CTO, email: carl@example.com, phone: "+15550000003", chatHandle: U0CARL, username: carl, positions: [cto] }
  - { handle: cathy, name: Cathy CEO, email: cathy@example.com, phone: "+15550000005", username: cathy, positions: [ceo] }
  - { handle: delia, name: Delia Delegate, email: delia@example.com, username: delia, positions: [security-delegate] }
  - { handle: emma, name: Emma Employee, email: emma@example.com, username: emma, supervisor: carl }
`;

before(async () => {
  if (skip) return;
  smtp = await SmtpReceiver.start();
  w = await startWebCordon({
    clock,
    env: {
      CORDON_WORKERS: 'false',
      CORDON_SECRET_KEY: randomBytes(32).toString('base64'),
      CORDON_SMTP_HOST: '127.0.0.1',
      CORDON_SMTP_PORT: String(smtp.port),
      CORDON_SMTP_FROM: 'cordon@example.com',
    },
  });
  for (const [name, roles] of [
    ['dana', ['devops']],
    ['carl', ['executive-management']],
    ['cathy', ['executive-management']],
    ['delia', ['security-delegate']],
    ['emma', ['user']],
  ] as const) {
    pw[name] = (await w.person(name, [...roles])).password;
  }
  const imported = await w.t.api('POST', '/api/v1/directory/import', {
    body: { format: 'yaml', content: DIRECTORY },
  });
  assert.equal(imported.statusCode, 200, imported.body);
});
after(async () => {
  if (skip) return;
  await w?.close();
  await smtp?.close();
});

const drain = () => w.t.cordon.engine.drain();
const pagesOf = async (path: string) =>
  (await w.t.api('GET', `/api/v1/${path}/escalations`)).json().items as {
    rule: { id: string };
    steps: {
      id: string;
      state: string;
      pages: { recipient: { name: string }; state: string; fallback: boolean }[];
    }[];
  }[];
const escalationTab = (page: Page) => page.getByRole('tabpanel', { name: 'Escalation' });

test('a suspected breach pages the Manager of DevOps and the CTO; the incident page shows it live', {
  skip,
}, async () => {
  const delia = await w.signedIn('delia', pw.delia ?? '');
  const declared = await w.t.api('POST', '/api/v1/incidents', {
    body: { title: 'Customer export on a paste site', type: 'data-breach', severity: 'P1' },
  });
  assert.equal(declared.statusCode, 201, declared.body);
  incidentKey = declared.json().key;
  await delia.goto(`/incidents/${incidentKey}?tab=escalation`);
  await escalationTab(delia).getByText('No escalation rule has run yet: nobody has been paged.').waitFor();

  // The engine reads the declaration and pages; the open incident page hears of it and refetches.
  await drain();
  const breach = escalationTab(delia).getByRole('region', { name: BREACH_RULE });
  const pair = breach.locator('[data-step="notify-devops-manager-and-cto"]');
  await pair.getByText('Waiting for acknowledgement').waitFor();
  await pair.getByText(/If nobody acknowledges by .*, CEO will be paged/).waitFor();
  const carlPage = pair.locator('[data-page-id]').filter({ hasText: 'Carl CTO' });
  await carlPage
    .locator('[data-delivery-status="delivered"]')
    .getByText(/email to carl@example.com/)
    .waitFor();
  await carlPage.locator('[data-delivery-status="unavailable"]').first().waitFor();
  assert.ok(
    smtp.messages.some((m) => m.to.includes('carl@example.com')),
    'the CTO got an e-mail',
  );
  assert.ok(
    smtp.messages.some((m) => m.to.includes('dana@example.com')),
    'the Manager of DevOps too',
  );
  await checkScreen(delia, 'incident-escalation-live');
  assert.deepEqual(pageErrors(delia), []);
});

test('the CTO acknowledges on the Pages screen: the chain stops, the escalation and the timeline show it', {
  skip,
}, async () => {
  const carl = await w.signedIn('carl', pw.carl ?? '');
  await carl
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: /^Pages \(\d+ not acknowledged\)$/ })
    .click();
  await carl.getByRole('heading', { name: 'Pages', level: 1 }).waitFor();
  const item = carl
    .locator('[data-page-id]')
    .filter({ hasText: BREACH_RULE })
    .filter({ hasText: 'notify-devops-manager-and-cto' });
  await item.getByText('Not acknowledged').waitFor();
  await item.getByRole('link', { name: incidentKey }).waitFor();
  await checkScreen(carl, 'pages-mine');
  await item.getByRole('button', { name: /^Acknowledge/ }).click();
  await carl.getByText(/Stopped: CEO will not be paged/).waitFor();
  // Acknowledged pages leave the "not acknowledged" list; the Acknowledged filter shows it with who and how.
  await item.waitFor({ state: 'detached' });
  await carl
    .locator('label')
    .filter({ hasText: /^Acknowledged$/ })
    .click();
  await carl.waitForURL(/state=acknowledged/);
  const done = carl.locator('[data-page-state="acknowledged"]').filter({ hasText: BREACH_RULE });
  await done
    .getByTestId('acknowledged-by')
    .getByText(/Acknowledged by Carl through the web app/)
    .waitFor();

  // The Security Delegate's incident page: the step is acknowledged, the timeline says who stopped what.
  const delia = await w.signedIn('delia', pw.delia ?? '');
  await delia.goto(`/incidents/${incidentKey}?tab=escalation`);
  const pair = escalationTab(delia).locator(
    '[data-step="notify-devops-manager-and-cto"][data-step-state="acknowledged"]',
  );
  await pair.getByText('acknowledged by Carl', { exact: true }).waitFor();
  await pair.locator('[data-page-state="acknowledged"]').filter({ hasText: 'Carl CTO' }).waitFor();
  await delia.getByRole('tab', { name: 'Timeline' }).click();
  await delia.getByText(`Carl acknowledged (${BREACH_RULE})`).waitFor();
  await delia.getByText(/Stopped: .*CEO will not be paged/).waitFor();

  // Past the 15-minute timeout nobody else is paged for that step: no fallback to the CEO.
  clock.advance(minutes(16));
  await drain();
  const runs = await pagesOf(`incidents/${incidentKey}`);
  const step = runs
    .find((r) => r.rule.id === 'breach-to-supervisor-devops-manager-cto')
    ?.steps.find((s) => s.id === 'notify-devops-manager-and-cto');
  assert.equal(step?.state, 'acknowledged');
  assert.equal(step?.pages.filter((p) => p.fallback).length, 0, 'the CEO was not paged');
  assert.deepEqual(pageErrors(carl), []);
  assert.deepEqual(pageErrors(delia), []);
});

test('a page shown on the incident page and in the triage queue is acknowledged where it is seen', {
  skip,
}, async () => {
  // Carl's other pages for this incident (P1: executive management by chat) wait on the incident page.
  const carl = await w.signedIn('carl', pw.carl ?? '');
  await carl.goto(`/incidents/${incidentKey}`);
  const paged = carl.getByRole('status').filter({ hasText: 'You were paged for this' });
  await paged
    .getByRole('button', { name: /^Acknowledge/ })
    .first()
    .waitFor();
  const before = await paged.getByRole('button', { name: /^Acknowledge/ }).count();
  assert.ok(before >= 1, 'Carl has an open page on this incident');
  await paged
    .getByRole('button', { name: /^Acknowledge/ })
    .first()
    .click();
  // The acknowledged page leaves the list of pages waiting for Carl.
  await paged
    .getByRole('button', { name: /^Acknowledge/ })
    .nth(before - 1)
    .waitFor({ state: 'detached' });

  // An employee reports something: the Security Delegate is paged and sees it beside the event in triage.
  const reported = await w.t.api('POST', '/api/v1/reports', {
    body: { title: 'USB stick found in the car park', description: 'Plugged into a kiosk.' },
  });
  assert.equal(reported.statusCode, 201, reported.body);
  const ref = reported.json().ref as string;
  await drain();
  const delia = await w.signedIn('delia', pw.delia ?? '');
  await delia.goto('/triage');
  const told = delia.getByRole('region', { name: 'Who was told' });
  const rule = told.getByRole('region', {
    name: 'The Security Delegate monitors security incident notifications',
  });
  const mine = rule.locator('[data-page-id]').filter({ hasText: 'Delia Delegate' });
  await mine.getByText('Not acknowledged').waitFor();
  await checkScreen(delia, 'triage-escalation');
  await mine.getByRole('button', { name: /^Acknowledge/ }).click();
  await mine.getByText(/Acknowledged by Delia through the web app/).waitFor();
  const runs = await pagesOf(`events/${ref}`);
  const page = runs
    .find((r) => r.rule.id === 'reports-to-security-delegate')
    ?.steps[0]?.pages.find((p) => p.recipient.name === 'Delia Delegate');
  assert.equal(page?.state, 'acknowledged');
  assert.deepEqual(pageErrors(delia), []);
});
