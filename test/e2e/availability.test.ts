import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason, nav, pageErrors, startWebCordon, type WebCordon } from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * Availability in the directory, and what it is for: while the Security Delegate is available, the engineer
 * on call may not take her role; once she marks herself away in the Directory (until a time, with a reason),
 * the engineer on call takes cover on the On call screen. An administrator marks her available again.
 */
const skip = browserSkipReason();
let w: WebCordon;
const pw: Record<string, string> = {};

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  pw.ada = (await w.person('ada', ['administrator'])).password;
  pw.delia = (await w.person('delia', ['security-delegate'])).password;
  pw.enzo = (await w.person('enzo', ['engineer'])).password;
  // Only Delia holds the Security Delegate role (the first administrator gives it up).
  const me = (await w.t.api('GET', '/api/v1/auth/me')).json().user;
  const patched = await w.t.api('PATCH', `/api/v1/users/${me.id}`, { body: { roles: ['administrator'] } });
  assert.equal(patched.statusCode, 200, patched.body);
  const start = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const imported = await w.t.api('POST', '/api/v1/directory/import', {
    body: {
      format: 'yaml',
      content: `people:
  - { handle: delia, name: Delia Delegate, email: delia@example.com, username: delia, positions: [security-delegate] }
  - { handle: enzo, name: Enzo Engineer, email: enzo@example.com, username: enzo }
  - { handle: ada, name: Ada Admin, email: ada@example.com, username: ada }
schedules:
  on-call-engineers: { name: On-call engineers, timeZone: UTC, rotation: daily, handoffTime: "00:00", startDate: "${start}", participants: [enzo] }
`,
    },
  });
  assert.equal(imported.statusCode, 200, imported.body);
});
after(async () => {
  if (!skip) await w?.close();
});

const row = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name });
const covers = (page: Page) => page.getByRole('region', { name: 'Cover for unavailable roles' });

test('the Security Delegate marks herself away; the engineer on call can then cover her role', {
  skip,
}, async () => {
  const enzo = await w.signedIn('enzo', pw.enzo ?? '');
  await nav(enzo, 'On call');
  await covers(enzo).getByRole('button', { name: 'Act as Security Delegate' }).click();
  await covers(enzo).getByRole('alert').getByText('oncall.cover_refused').waitFor();

  const delia = await w.signedIn('delia', pw.delia ?? '');
  await nav(delia, 'Directory');
  // She may change her own availability, nobody else's (no users.manage).
  await row(delia, 'Delia Delegate').getByText('Available').waitFor();
  assert.equal(
    await row(delia, 'Enzo Engineer')
      .getByRole('button', { name: /Mark away/ })
      .count(),
    0,
  );
  await row(delia, 'Delia Delegate').getByRole('button', { name: 'Mark away Delia Delegate' }).click();
  const form = delia.getByRole('form', { name: 'Mark Delia Delegate away' });
  const until = new Date(Date.now() + 3 * 86_400_000);
  const local = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T09:00`;
  await form.getByLabel('Away until').fill(local(until));
  await form.getByLabel('Reason (optional)').fill('On a flight to the conference');
  await form.getByRole('button', { name: 'Mark away' }).click();
  await row(delia, 'Delia Delegate')
    .getByText(/^until /)
    .waitFor();
  await row(delia, 'Delia Delegate').getByText('On a flight to the conference').waitFor();
  await checkScreen(delia, 'directory-availability');
  const person = (await w.t.api('GET', '/api/v1/directory/people/delia')).json();
  assert.equal(person.unavailableReason, 'On a flight to the conference');
  assert.equal(new Date(person.unavailableUntil).getHours(), 9, 'the time chosen, in the browser’s zone');

  // Nobody holding the role is available now: the engineer on call takes it for the rest of the shift.
  await covers(enzo).getByLabel('Why (optional)').fill('Delia is travelling');
  await covers(enzo).getByRole('button', { name: 'Act as Security Delegate' }).click();
  await covers(enzo)
    .getByTestId('cover-security-delegate')
    .getByText(/You are acting as Security Delegate/)
    .waitFor();
  const cover = (await w.t.api('GET', '/api/v1/oncall/covers')).json().items;
  assert.equal(cover.length, 1);
  await covers(enzo).getByRole('button', { name: 'Give back Security Delegate' }).click();
  await covers(enzo).getByText('Nobody is covering a role now.').waitFor();

  // An administrator marks her available again.
  const ada = await w.signedIn('ada', pw.ada ?? '');
  await nav(ada, 'Directory');
  await row(ada, 'Delia Delegate').getByRole('button', { name: 'Mark available Delia Delegate' }).click();
  await row(ada, 'Delia Delegate').getByText('Available', { exact: true }).waitFor();
  assert.equal((await w.t.api('GET', '/api/v1/directory/people/delia')).json().unavailableUntil, null);
  const audit = (await w.t.api('GET', '/api/v1/audit?action=directory.availability_changed')).json().items;
  assert.equal(audit.length, 2, 'both changes are audited');
  assert.deepEqual(pageErrors(enzo), []);
  assert.deepEqual(pageErrors(delia), []);
  assert.deepEqual(pageErrors(ada), []);
});
