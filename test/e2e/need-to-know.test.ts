import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSkipReason,
  nav,
  pageErrors,
  screenshot,
  startWebCordon,
  type WebCordon,
} from './support/browser.ts';

/**
 * Internal Issues: "the incident manager must directly contact the Security Delegate and refrain from
 * discussing the matter with other employees". A restricted incident never appears for a responder outside
 * it — not on the dashboard, in the list, in search, by its address, or live — until they are made a
 * participant.
 */
const skip = browserSkipReason();
let w: WebCordon;
const TITLE = 'Contractor copying payroll exports';
let secretKey = '';
let openKey = '';
let sally: Page;
let eddie: Page;
let eddieId = '';

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  const s = await w.person('sally', ['security-delegate']);
  const e = await w.person('eddie', ['engineer']);
  eddieId = e.id;
  const token = (await w.t.api('POST', '/api/v1/tokens', { body: { name: 'sally', userId: s.id } })).json()
    .secret;
  const restricted = await w.t.api('POST', '/api/v1/incidents', {
    token,
    body: {
      title: TITLE,
      type: 'unauthorized-access',
      severity: 'P0',
      visibility: 'restricted',
      summary: 'Need-to-know.',
    },
  });
  assert.equal(restricted.statusCode, 201, restricted.body);
  secretKey = restricted.json().key;
  const normal = await w.t.api('POST', '/api/v1/incidents', {
    token,
    body: { title: 'Phishing wave against finance', type: 'suspicious-email', severity: 'P0' },
  });
  openKey = normal.json().key;
  sally = await w.signedIn('sally', s.password);
  eddie = await w.signedIn('eddie', e.password);
});
after(async () => {
  if (!skip) await w?.close();
});

async function assertAbsent(page: Page, where: string): Promise<void> {
  const text = (await page.locator('body').textContent()) ?? '';
  assert.ok(!text.includes(secretKey) && !text.includes(TITLE), `${where} shows the restricted incident`);
}

test('outsiders never see a restricted incident; the Security Delegate does', { skip }, async () => {
  await sally.getByTestId('severity-P0').getByRole('link', { name: secretKey }).waitFor();
  await sally.goto(`/incidents/${secretKey}`);
  await sally.getByText('Restricted', { exact: true }).first().waitFor();
  await screenshot(sally, 'incident-restricted', { phone: false });

  await eddie.getByTestId('severity-P0').getByRole('link', { name: openKey }).waitFor();
  await assertAbsent(eddie, 'the dashboard');
  await nav(eddie, 'Incidents');
  await eddie.getByRole('link', { name: openKey }).waitFor();
  await assertAbsent(eddie, 'the incidents list');
  await eddie.getByRole('textbox', { name: 'Search' }).fill('payroll');
  await eddie.getByRole('button', { name: 'Search', exact: true }).click();
  await eddie.getByText('No incident matches this view.').waitFor();
  await assertAbsent(eddie, 'search');
  await eddie.goto(`/incidents/${secretKey}`);
  await eddie.getByText(`${secretKey} was not found`).waitFor();
  await eddie.getByText('or you are not among the people who may see it').waitFor();
  assert.ok(!((await eddie.locator('body').textContent()) ?? '').includes(TITLE));

  // Changes to it are not announced to outsiders either: the open list stays as it was.
  await eddie.goto('/incidents');
  await eddie.getByRole('link', { name: openKey }).waitFor();
  await sally.goto(`/incidents/${secretKey}`);
  await sally.getByLabel('Add a note to the timeline').fill('Access of the contractor suspended.');
  await sally.getByRole('button', { name: 'Add note' }).click();
  await sally.getByText('Access of the contractor suspended.').waitFor();
  await eddie.waitForTimeout(1000);
  await assertAbsent(eddie, 'the live incidents list');

  // Made a participant, the responder sees it appear, live.
  const added = await w.t.api('POST', `/api/v1/incidents/${secretKey}/roles`, {
    body: { role: 'incident-response-team', userId: eddieId },
  });
  assert.equal(added.statusCode, 200, added.body);
  await eddie.getByRole('link', { name: secretKey }).waitFor({ timeout: 3000 });
  assert.deepEqual(pageErrors(eddie), []);
  assert.deepEqual(pageErrors(sally), []);
});
