import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeClock } from '../harness/clock.ts';
import { browserSkipReason, nav, pageErrors, startWebCordon, type WebCordon } from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * The on-call screen: an administrator creates a daily rotation, sees who is on call now and at a chosen
 * time, adds and removes an override; the engineer on call takes the Security Delegate role when nobody
 * holding it is available, and gives it back.
 */
const skip = browserSkipReason();
// The server's time stands still at the start of the run (the browser keeps the session cookie: real time).
const clock = new FakeClock(new Date().toISOString());
const DAY = 86_400_000;
const day = (offset: number) => new Date(clock.now().getTime() + offset * DAY).toISOString().slice(0, 10);
let w: WebCordon;
let ada = { password: '' };
let enzo = { password: '' };

before(async () => {
  if (skip) return;
  w = await startWebCordon({ clock });
  ada = await w.person('ada', ['administrator']);
  enzo = await w.person('enzo', ['engineer']);
  await w.person('erin', ['engineer']);
  const imported = await w.t.api('POST', '/api/v1/directory/import', {
    body: {
      format: 'yaml',
      content: `people:
  - { handle: enzo, name: Enzo Engineer, email: enzo@example.com, username: enzo }
  - { handle: erin, name: Erin Engineer, email: erin@example.com, username: erin }
  - { handle: dana, name: Dana DevOps, email: dana@example.com }
  - { handle: root, name: First Administrator, email: admin@example.com, username: admin }
`,
    },
  });
  assert.equal(imported.statusCode, 200, imported.body);
});
after(async () => {
  if (!skip) await w?.close();
});

test('create a daily rotation and see who is on call now, at a chosen time, and with an override', {
  skip,
}, async () => {
  const page = await w.signedIn('ada', ada.password);
  await nav(page, 'On call');
  await page.getByText('There are no on-call schedules yet.').first().waitFor();
  await page.getByRole('button', { name: 'Create a schedule' }).click();
  const form = page.getByRole('form', { name: 'Create a schedule' });
  await form.getByRole('textbox', { name: 'Key' }).fill('on-call-engineers');
  await form.getByRole('textbox', { name: 'Name' }).fill('On-call engineers');
  await form.getByText('Daily').click();
  await form.getByLabel('Hand-off time').fill('00:00');
  await form.getByRole('combobox', { name: 'Time zone' }).fill('UTC');
  await page.getByRole('option', { name: 'UTC', exact: true }).click();
  // Ten days ago: today is shift 10 of a two-person rotation, so Enzo (first) is on call, Erin tomorrow.
  await form.getByLabel('First shift on').fill(day(-10));
  await form.getByRole('combobox', { name: 'Participants, in rotation order' }).click();
  await page.getByRole('option', { name: 'Enzo Engineer (enzo)' }).click();
  await page.getByRole('option', { name: 'Erin Engineer (erin)' }).click();
  await page.keyboard.press('Escape');
  await form.getByRole('button', { name: 'Create schedule' }).click();

  await page.getByTestId('on-call-on-call-engineers').getByText('Enzo Engineer').waitFor();
  const now = page.getByRole('region', { name: 'On call now' });
  await now.getByRole('row', { name: /On-call engineers Enzo Engineer/ }).waitFor();

  await page.getByRole('textbox', { name: 'On call at' }).fill(`${day(1)}T12:00`);
  await page.getByRole('button', { name: 'Show' }).click();
  const later = page.getByRole('region', { name: /^On call at / });
  await later.getByRole('row', { name: /On-call engineers Erin Engineer/ }).waitFor();

  await page.getByRole('button', { name: 'Upcoming shifts of On-call engineers' }).click();
  const shifts = page.getByRole('region', { name: 'Upcoming shifts of On-call engineers' });
  await shifts
    .getByRole('row', { name: /Erin Engineer/ })
    .first()
    .waitFor();
  assert.ok((await shifts.getByRole('row', { name: /Enzo Engineer/ }).count()) >= 1);

  // Dana takes today's shift for a while: she is on call now, marked as an override; removing it undoes that.
  await page.getByRole('button', { name: 'Add override to On-call engineers' }).click();
  const override = page.getByRole('form', { name: 'Add an override to On-call engineers' });
  await override.getByRole('combobox', { name: 'Who takes over' }).click();
  await page.getByRole('option', { name: 'Dana DevOps (dana)' }).click();
  const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString().slice(0, 16);
  await override.getByLabel('From').fill(at(-3600_000));
  await override.getByLabel('Until').fill(at(2 * 3600_000));
  await override.getByLabel('Reason').fill('Enzo at the dentist');
  await override.getByRole('button', { name: 'Add override' }).click();
  await page.getByTestId('on-call-on-call-engineers').getByText('Dana DevOps').waitFor();
  await now.getByRole('row', { name: /Dana DevOps override/ }).waitFor();
  await page.getByText('(Enzo at the dentist)').waitFor();
  await checkScreen(page, 'oncall-override');
  await page.getByRole('button', { name: 'Remove the override for Dana DevOps' }).click();
  await page.getByTestId('on-call-on-call-engineers').getByText('Enzo Engineer').waitFor();
  const api = (await w.t.api('GET', '/api/v1/oncall/now?schedule=on-call-engineers')).json();
  assert.equal(api.items[0].shift.person.handle, 'enzo');
  assert.deepEqual(pageErrors(page), []);
});

test('the engineer on call acts as the Security Delegate only when nobody holding it is available', {
  skip,
}, async () => {
  const page = await w.signedIn('enzo', enzo.password);
  await nav(page, 'On call');
  // Read-only for an engineer: no changes to schedules.
  await page.getByTestId('on-call-on-call-engineers').getByText('Enzo Engineer').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create a schedule' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /^Edit/ }).count(), 0);

  const covers = page.getByRole('region', { name: 'Cover for unavailable roles' });
  await covers.getByText('Nobody is covering a role now.').waitFor();
  await covers.getByRole('button', { name: 'Act as Security Delegate' }).click();
  // The first administrator holds the role and is available: refused, in words and with the code.
  await covers.getByRole('alert').getByText('oncall.cover_refused').waitFor();
  await covers
    .getByRole('alert')
    .getByText(/holds Security Delegate and is available/)
    .waitFor();

  const away = await w.t.api('PUT', '/api/v1/directory/people/root/availability', {
    body: { unavailableUntil: new Date(clock.now().getTime() + 7 * DAY).toISOString(), reason: 'on leave' },
  });
  assert.equal(away.statusCode, 200, away.body);
  await covers.getByLabel('Why (optional)').fill('Administrator on leave');
  await covers.getByRole('button', { name: 'Act as Security Delegate' }).click();
  await covers
    .getByTestId('cover-security-delegate')
    .getByText(/You are acting as Security Delegate/)
    .waitFor();
  // Holding the role now, Enzo sees what a Security Delegate sees.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Audit' }).waitFor();
  const me = (await w.t.api('GET', '/api/v1/oncall/covers')).json();
  assert.equal(me.items.length, 1);
  assert.equal(me.items[0].reason, 'Administrator on leave');
  await checkScreen(page, 'oncall-cover');

  await covers.getByRole('button', { name: 'Give back Security Delegate' }).click();
  await covers.getByText('Nobody is covering a role now.').waitFor();
  assert.equal((await w.t.api('GET', '/api/v1/oncall/covers')).json().items.length, 0);
  assert.deepEqual(pageErrors(page), []);
});
