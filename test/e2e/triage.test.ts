import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browserSkipReason, nav, pageErrors, startWebCordon, type WebCordon } from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * The triage queue by keyboard: j/k move, d dismisses with one of the policy's reasons, m merges into an
 * open incident; every event ends with a recorded decision.
 */
const skip = browserSkipReason();
let w: WebCordon;
let password = '';
let incidentKey = '';
const refs: string[] = [];

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  password = (await w.person('sally', ['security-delegate'])).password;
  incidentKey = (
    await w.t.api('POST', '/api/v1/incidents', {
      body: { title: 'Phishing wave against finance', type: 'suspicious-email', severity: 'P2' },
    })
  ).json().key;
  for (const title of [
    'Printer asked for a password',
    'Another phishing e-mail to finance',
    'Odd pop-up on the kiosk',
  ]) {
    const res = await w.t.api('POST', '/api/v1/reports', {
      body: {
        title,
        description: `${title}, seen this morning.`,
        channel: 'phone',
        reporter: { name: 'Pat Customer' },
        onBehalfOfCustomer: true,
      },
    });
    refs.push(res.json().ref);
  }
});
after(async () => {
  if (!skip) await w?.close();
});

test('keyboard triage: j/k to move, d to dismiss with a reason, m to merge into an incident', {
  skip,
}, async () => {
  const page = await w.signedIn('sally', password);
  await nav(page, 'Triage queue');
  const selected = page.locator('[role="option"][aria-selected="true"]');
  // Newest first: the kiosk, the phishing e-mail, the printer.
  await selected.filter({ hasText: 'Odd pop-up on the kiosk' }).waitFor();
  await page.getByText('customer report').first().waitFor();
  await checkScreen(page, 'triage');
  await page.keyboard.press('j');
  await selected.filter({ hasText: 'Another phishing e-mail to finance' }).waitFor();
  await page.keyboard.press('j');
  await selected.filter({ hasText: 'Printer asked for a password' }).waitFor();
  await page.keyboard.press('k');
  await selected.filter({ hasText: 'Another phishing e-mail to finance' }).waitFor();

  // m: merge the phishing e-mail into the open phishing incident.
  await page.keyboard.press('m');
  await page.getByRole('combobox', { name: 'Incident' }).click();
  await page.getByRole('option', { name: new RegExp(incidentKey) }).click();
  await page.getByRole('button', { name: `Merge into ${incidentKey}` }).click();
  await page.getByText(`Now part of ${incidentKey}.`).waitFor();

  // d: dismiss the selected event with a policy reason; Escape first proves the shortcut legend's cancel.
  await page.keyboard.press('d');
  await page.keyboard.press('Escape');
  await page.keyboard.press('d');
  const current = ((await selected.textContent()) ?? '').match(/EVT-\d{4}-\d{6}/)?.[0] ?? '';
  await page.getByRole('combobox', { name: 'Reason (from the policy)' }).click();
  await page.getByRole('option', { name: 'False positive' }).click();
  await page.getByLabel('Note').fill('The printer really does need a PIN.');
  await page.getByRole('button', { name: 'Dismiss the event' }).click();
  await page.getByText(`${current} dismissed`).waitFor();

  const merged = (await w.t.api('GET', `/api/v1/events/${refs[1]}`)).json();
  assert.equal(merged.status, 'merged');
  assert.equal(merged.disposition.incidentKey, incidentKey);
  const dismissed = (await w.t.api('GET', `/api/v1/events/${current}`)).json();
  assert.equal(dismissed.status, 'dismissed');
  assert.equal(dismissed.disposition.reason, 'false-positive');
  const timeline = (await w.t.api('GET', `/api/v1/incidents/${incidentKey}/timeline`)).json();
  assert.ok(timeline.items.some((e: { kind: string }) => e.kind === 'event.merged'));
  assert.deepEqual(pageErrors(page), []);
});
