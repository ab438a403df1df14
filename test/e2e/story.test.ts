import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  assertAccessible,
  browserSkipReason,
  nav,
  pageErrors,
  screenshot,
  startWebCordon,
  type WebCordon,
} from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * The whole story in the browser: an employee reports an event; the Security Delegate triages it
 * and promotes it to P1; another responder sees the incident appear live, without reloading; the incident
 * moves through the phases; closing is refused until a root cause analysis is written, and the refusal
 * names the rule; the Delegate writes the RCA and closes it.
 */
const skip = browserSkipReason();
let w: WebCordon;
const people = {
  emma: { id: '', password: '' },
  sally: { id: '', password: '' },
  eddie: { id: '', password: '' },
};

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  for (const [name, roles] of [
    ['emma', ['user']],
    ['sally', ['security-delegate']],
    ['eddie', ['engineer']],
  ] as const) {
    const p = await w.person(name, [...roles]);
    people[name] = { id: p.id, password: p.password };
  }
});
after(async () => {
  if (!skip) await w?.close();
});

const PHASES = [
  'Investigation',
  'Containment and Lockdown',
  'Eradication',
  'Recovery & vulnerability remediation',
  'Review and Damage Assessment',
];

test('report → triage → live incident → phases → closure refused until RCA → closed', { skip }, async (t) => {
  // An employee reports what they saw, as a good witness.
  const emma = await w.signedIn('emma', people.emma.password);
  await nav(emma, 'Report an event');
  await emma
    .getByLabel('In one line, what did you notice?')
    .fill('Password prompt on the intranet looked wrong');
  await emma
    .getByLabel('What exactly did you observe or discover?')
    .fill('The intranet asked for my password twice and the second page had a different address.');
  await emma.getByLabel('Where?').fill('intranet.example.com from the office Wi-Fi');
  await emma.getByRole('combobox', { name: 'Which systems or devices are involved?' }).fill('laptop-emma');
  await emma.keyboard.press('Enter');
  await emma.getByLabel('How did you notice it?').fill('The address bar looked odd');
  await checkScreen(emma, 'report-form');
  await emma.getByRole('button', { name: 'Send the report' }).click();
  const ref = (await emma.getByTestId('event-ref').textContent())?.trim() ?? '';
  assert.match(ref, /^EVT-\d{4}-\d{6}$/);
  await screenshot(emma, 'report-received');

  // A second responder watches the incidents list; nothing is there yet.
  const eddie = await w.signedIn('eddie', people.eddie.password);
  await nav(eddie, 'Incidents');
  await eddie.getByText('No incident matches this view.').waitFor();

  // The Security Delegate triages with the keyboard: p opens "promote", the severity guide is beside it.
  const sally = await w.signedIn('sally', people.sally.password);
  await nav(sally, 'Triage queue');
  await sally.getByRole('option', { name: new RegExp(ref) }).waitFor();
  await sally.keyboard.press('p');
  await sally.getByRole('combobox', { name: 'Incident type' }).fill('Unauthorized Access');
  await sally.getByRole('option', { name: 'Unauthorized Access', exact: true }).click();
  await sally.getByText('High severity issues are those where').first().waitFor();
  await sally.getByRole('radio', { name: 'P1 High' }).check();
  await assertAccessible(sally, 'triage (promote)');
  await screenshot(sally, 'triage-promote');
  const promoted = sally.waitForResponse((r) => r.url().endsWith(`/events/${ref}/disposition`));
  await sally.getByRole('button', { name: /Promote to a P1 incident/ }).click();
  const response = await promoted;
  assert.equal(response.status(), 200);
  const promotedAt = Date.now();
  const key = (await response.json()).incident.key as string;

  // …and it appears for the other responder within a second, with no reload.
  await eddie.getByRole('link', { name: key }).waitFor({ timeout: 5000 });
  const latency = Date.now() - promotedAt;
  assert.ok(latency < 1000, `the incident appeared after ${latency} ms`);
  t.diagnostic(
    `the promoted incident appeared on the other responder's list ${latency} ms after the promotion`,
  );
  await eddie.getByRole('link', { name: key }).click();
  await eddie.getByTestId('incident-key').waitFor();

  // The Delegate runs the response through the policy's phases.
  await sally.goto(`/incidents/${key}`);
  await sally.getByTestId('incident-key').waitFor();
  await assertAccessible(sally, 'incident page');
  for (const phase of PHASES) {
    await sally.getByRole('button', { name: `Move to ${phase}` }).click();
    await currentPhase(sally, phase);
    await currentPhase(eddie, phase); // live on the other responder's screen
  }
  await screenshot(sally, 'incident-review');

  // Closing a P1 without a root cause analysis is refused, and the refusal names the rule and its source.
  await sally.getByRole('button', { name: 'Close the incident' }).click();
  const refusal = sally.getByTestId('closure-refusal');
  await refusal.waitFor();
  const text = (await refusal.textContent()) ?? '';
  assert.match(text, /A documented root cause analysis is on record before a P1 incident closes/);
  assert.match(text, /a documented root cause analysis shall be performed on P1 incidents/);
  assert.match(text, /incident\.closure_gate/);
  await screenshot(sally, 'incident-closure-refused');

  // The Delegate writes the RCA and closes the incident; the other responder sees it closed.
  await refusal.getByRole('button', { name: 'Write the root cause analysis' }).click();
  await sally
    .getByLabel('Root cause analysis (Markdown)')
    .fill(
      '## Root cause\n\nA phishing page copied the intranet login; the user noticed the address and reported it.',
    );
  await sally.getByRole('button', { name: 'Save the root cause analysis' }).click();
  await sally.getByText('Version 1, saved').waitFor();
  await assertAccessible(sally, 'RCA editor');
  await screenshot(sally, 'incident-rca');
  await sally.getByRole('button', { name: 'Close the incident' }).click();
  await currentPhase(sally, 'Closed');
  await currentPhase(eddie, 'Closed');
  await sally.getByRole('tab', { name: /Timeline/ }).click();
  await sally.getByText('Closed (from Review and Damage Assessment)').waitFor();
  await screenshot(sally, 'incident-closed');

  const incident = (await w.t.api('GET', `/api/v1/incidents/${key}`)).json();
  assert.equal(incident.phase, 'closed');
  assert.equal(incident.hasRca, true);
  for (const page of [emma, sally, eddie]) assert.deepEqual(pageErrors(page), []);
});

async function currentPhase(page: Page, name: string): Promise<void> {
  await page
    .locator('ol[aria-label="Phases"] li[aria-current="step"]')
    .filter({ hasText: name })
    .waitFor({ timeout: 5000 });
}
