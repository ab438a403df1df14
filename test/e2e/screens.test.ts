import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSkipReason,
  chooseOption,
  nav,
  pageErrors,
  startWebCordon,
  type WebCordon,
} from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * Every main screen, as the administrator (who holds every right in the default policy): it renders, axe
 * finds no serious violation at desktop and phone width, and the screenshots are saved for people to look at.
 */
const skip = browserSkipReason();
let w: WebCordon;
let admin: Page;
let key = '';

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  const boss = await w.person('boss', ['administrator', 'security-delegate']);
  // Some content to look at: two events awaiting triage, three incidents.
  for (const title of ['Suspicious e-mail asking for invoices', 'Laptop left on the train']) {
    await w.t.api('POST', '/api/v1/reports', {
      body: { title, description: `${title}. Reported from the office.` },
    });
  }
  for (const [title, severity, type] of [
    ['Malware found on a build server', 'P0', 'malicious-code'],
    ['Unencrypted laptop stolen from a car', 'P1', 'lost-or-stolen-device'],
    ['Port scan against the VPN gateway', 'P3', 'probe'],
  ] as const) {
    const res = await w.t.api('POST', '/api/v1/incidents', {
      body: { title, severity, type, summary: `${title}.` },
    });
    assert.equal(res.statusCode, 201, res.body);
    key ||= res.json().key;
  }
  admin = await w.signedIn('boss', boss.password);
});
after(async () => {
  if (!skip) await w?.close();
});

test('dashboard: open incidents by severity with SLA countdowns, the triage queue, my assignments', {
  skip,
}, async () => {
  await nav(admin, 'Dashboard');
  await admin.getByTestId('severity-P0').getByRole('link', { name: key }).waitFor();
  await admin.getByText('Suspicious e-mail asking for invoices').waitFor();
  assert.match((await admin.getByTestId('severity-P0').textContent()) ?? '', /\d+ d \d+ h left/);
  await checkScreen(admin, 'dashboard');
});

test('incidents list: filters and search live in the URL', { skip }, async () => {
  await nav(admin, 'Incidents');
  await admin.getByRole('link', { name: key }).waitFor();
  await admin.getByRole('textbox', { name: 'Search' }).fill('laptop');
  await admin.getByRole('button', { name: 'Search', exact: true }).click();
  await admin.waitForURL(/q=laptop/);
  await admin.getByText('Unencrypted laptop stolen from a car').waitFor();
  assert.equal(await admin.getByText('Malware found on a build server').count(), 0);
  // The view is the URL: opening it afresh shows the same list.
  await admin.goto('/incidents?severity=P3&open=true');
  await admin.getByText('Port scan against the VPN gateway').waitFor();
  assert.equal(await admin.getByText('Unencrypted laptop stolen from a car').count(), 0);
  await admin.goto('/incidents');
  await admin.getByText('Port scan against the VPN gateway').waitFor();
  await checkScreen(admin, 'incidents');
});

test('incident page: fields from the policy lists, roles, notes, severity', { skip }, async () => {
  await admin.goto(`/incidents/${key}`);
  await admin.getByTestId('incident-key').waitFor();
  await chooseOption(admin, admin.getByRole('combobox', { name: 'Classification' }), 'Customer Information');
  await admin.getByRole('button', { name: 'Save details' }).click();
  await admin.getByText('Changed classification').waitFor();
  await chooseOption(admin, admin.getByRole('combobox', { name: 'Role', exact: true }), 'Incident Commander');
  await chooseOption(admin, admin.getByRole('combobox', { name: 'Person' }), /Boss/);
  await admin.getByRole('button', { name: 'Assign the role' }).click();
  await admin.getByText('Boss is now Incident Commander').waitFor();
  await admin.getByLabel('Add a note to the timeline').fill('Build server isolated from the network.');
  await admin.getByRole('button', { name: 'Add note' }).click();
  await admin.getByText('Build server isolated from the network.').waitFor();
  await checkScreen(admin, 'incident');
});

test('policy: severity matrix, escalation, phases, gates, roles; versions and a diff', { skip }, async () => {
  const active = (await w.t.api('GET', '/api/v1/policy')).json();
  // One rule changed: the first 90-day remediation SLA becomes 60 days.
  const source = (active.source as string).replace('remediationSla: 90d', 'remediationSla: 60d');
  assert.notEqual(source, active.source);
  const uploaded = await w.t.api('POST', '/api/v1/policy', { body: { source } });
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  await nav(admin, 'Policy');
  await admin.getByRole('heading', { name: 'Severities and remediation SLAs' }).waitFor();
  await admin.getByText('Only the Security Delegate formally closes incident response actions.').waitFor();
  await checkScreen(admin, 'policy');
  await admin.getByRole('tab', { name: 'Versions and changes' }).click();
  await admin.getByText('1 lines added, 1 removed.').waitFor();
  const diff = (await admin.locator('pre').textContent()) ?? '';
  assert.match(diff, /^- +remediationSla: 90d$/m);
  assert.match(diff, /^\+ +remediationSla: 60d$/m);
  await checkScreen(admin, 'policy-diff');
});

test('audit: the log with filters, and the chain verification result', { skip }, async () => {
  await nav(admin, 'Audit');
  await admin.getByRole('cell', { name: 'incident.declared' }).first().waitFor();
  await admin.getByRole('button', { name: 'Verify chains' }).click();
  await admin.getByTestId('verify-result').getByText('The chains are intact').waitFor();
  await admin.getByLabel('Incident key').fill(key);
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.waitForURL(new RegExp(`incidentKey=${key}`));
  await admin.getByRole('cell', { name: 'incident.role_assigned' }).waitFor();
  assert.equal(await admin.getByRole('cell', { name: 'event.reported' }).count(), 0);
  await checkScreen(admin, 'audit');
});

test('pages, on call and directory; the escalation of an incident', { skip }, async () => {
  const imported = await w.t.api('POST', '/api/v1/directory/import', {
    body: {
      format: 'yaml',
      content: `people:
  - { handle: boss, name: Boss, title: Head of Security, email: boss@example.com, phone: "+15550000010", username: boss, positions: [security-delegate, ciso] }
  - { handle: dana, name: Dana DevOps, title: Manager of DevOps, email: dana@example.com, phone: "+15550000002", chatHandle: U0DANA, positions: [manager-of-devops], teams: [devops] }
  - { handle: enzo, name: Enzo Engineer, email: enzo@example.com, supervisor: dana, teams: [devops] }
schedules:
  on-call-engineers: { name: On-call engineers, timeZone: UTC, rotation: weekly, handoffTime: "09:00", handoffDay: 1, startDate: "2026-03-02", participants: [enzo, dana] }
`,
    },
  });
  assert.equal(imported.statusCode, 200, imported.body);
  // Escalation reads the reports and declarations made above and pages (workers are off in tests).
  await w.t.cordon.engine.drain();

  await admin
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: /^Pages/ })
    .click();
  await admin.getByRole('heading', { name: 'Pages', level: 1 }).waitFor();
  await admin.locator('[data-page-state="open"]').first().waitFor();
  await checkScreen(admin, 'pages');

  await nav(admin, 'On call');
  await admin.getByTestId('on-call-on-call-engineers').waitFor();
  await checkScreen(admin, 'oncall');

  await nav(admin, 'Directory');
  await admin.getByRole('row').filter({ hasText: 'Enzo Engineer' }).waitFor();
  await checkScreen(admin, 'directory');

  await admin.goto(`/incidents/${key}?tab=escalation`);
  await admin.getByTestId('escalations').waitFor();
  await checkScreen(admin, 'incident-escalation');
});

test('SLAs, team queues, inbox, channels and deliveries; the meetings and communications of an incident', {
  skip,
}, async () => {
  // Escalation has run (the test above drained): queues, inbox items and deliveries exist.
  await nav(admin, 'SLAs');
  await admin.getByText('Every open incident is on track.').waitFor();
  await admin.getByText('All open', { exact: true }).click();
  await admin
    .getByRole('region', { name: 'Incidents by SLA state' })
    .locator(`[data-incident="${key}"]`)
    .waitFor();
  await checkScreen(admin, 'sla-overview');

  await nav(admin, 'Team queues');
  await admin
    .getByRole('region', { name: 'DevOps queue' })
    .getByText('Port scan against the VPN gateway')
    .waitFor();
  await checkScreen(admin, 'team-queues');

  await admin.getByTestId('inbox-bell').click();
  await admin.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  await admin.locator('[data-inbox-item]').first().waitFor();
  await checkScreen(admin, 'inbox-list');

  await nav(admin, 'Channels and deliveries');
  await admin.getByRole('region', { name: 'Deliveries' }).locator('[data-delivery]').first().waitFor();
  await checkScreen(admin, 'deliveries');
  await admin.getByRole('tab', { name: 'Channels' }).click();
  await admin.getByText('No channel is configured', { exact: false }).waitFor();
  await admin.getByRole('button', { name: 'Add a channel' }).click();
  await admin.getByRole('form', { name: 'Add a channel' }).waitFor();
  await checkScreen(admin, 'channels-form');

  await admin.goto(`/incidents/${key}?tab=meetings`);
  await admin
    .getByRole('region', { name: 'Incident Response Meeting' })
    .getByTestId('next-meeting')
    .waitFor();
  await admin
    .getByRole('region', { name: 'Communications' })
    .getByRole('button', { name: 'Switch to out-of-band…' })
    .click();
  await admin
    .getByRole('region', { name: 'Remediation SLA' })
    .locator('[data-sla-state="on_track"]')
    .waitFor();
  await checkScreen(admin, 'incident-meetings-tab');
  assert.deepEqual(pageErrors(admin), []);
});

test('administration: create a user (a refusal keeps the form and shows the code), tokens shown once', {
  skip,
}, async () => {
  await nav(admin, 'Administration');
  const form = admin.getByRole('form', { name: 'Create a user' });
  await form.getByLabel('Username').fill('boss');
  await form.getByLabel('Full name').fill('Second Boss');
  await form.getByRole('button', { name: 'Create user' }).click();
  await form.getByText('user.username_taken').waitFor();
  assert.equal(await form.getByLabel('Full name').inputValue(), 'Second Boss');
  await form.getByLabel('Username').fill('carol');
  await form.getByRole('button', { name: 'Create user' }).click();
  await admin.getByRole('cell', { name: 'carol', exact: true }).waitFor();

  const tokens = admin.getByRole('form', { name: 'Create a token' });
  await tokens.getByRole('textbox', { name: 'Name', exact: true }).fill('laptop');
  await tokens.getByRole('button', { name: 'Create token' }).click();
  const secret = ((await admin.getByTestId('token-secret').textContent()) ?? '').trim();
  const me = await w.t.api('GET', '/api/v1/auth/me', { token: secret });
  assert.equal(me.json().user.username, 'boss');
  await checkScreen(admin, 'admin');
  await admin.getByRole('button', { name: 'Revoke laptop' }).click();
  await admin.getByRole('button', { name: 'Confirm revoke' }).click();
  await admin.getByText(/^Revoked /).waitFor();
  assert.equal((await w.t.api('GET', '/api/v1/auth/me', { token: secret })).statusCode, 401);
  assert.deepEqual(pageErrors(admin), []);
});
