import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../src/app/config.ts';
import { startCordon } from '../../src/app/start.ts';
import { FakeClock, hours } from '../harness/clock.ts';
import { createTestDatabase } from '../harness/database.ts';
import {
  assertAccessible,
  browserSkipReason,
  DESKTOP,
  launchChromium,
  nav,
  pageErrors,
  screenshot,
  signInThroughForm,
  startWebCordon,
  type WebCordon,
} from './support/browser.ts';
import { ensureWebBuilt } from './support/web-build.ts';

/** Signing in and out, the first administrator's set-up, and a session that ends in the middle of work. */
const skip = browserSkipReason();
// Starts at the real time so the browser keeps the cookie; moved forward to expire the session on the server.
const clock = new FakeClock(new Date().toISOString());
let w: WebCordon;
let emma = { password: '' };

before(async () => {
  if (skip) return;
  w = await startWebCordon({ clock });
  emma = await w.person('emma', ['user']);
});
after(async () => {
  if (!skip) await w?.close();
});

test('a wrong password is refused in words with the error code; the username stays', { skip }, async () => {
  const page = await (await w.browser.newContext({ baseURL: w.url, viewport: DESKTOP })).newPage();
  await page.goto('/incidents');
  await page.waitForURL(/\/sign-in\?redirect=%2Fincidents/);
  await assertAccessible(page, 'sign-in');
  await screenshot(page, 'sign-in');
  await signInThroughForm(page, 'emma', 'not the password');
  await page.getByText('auth.invalid_credentials').waitFor();
  assert.equal(await page.getByLabel('Username').inputValue(), 'emma');
  await page.locator('input[autocomplete="current-password"]').fill(emma.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Back where they were going; an employee may not list incidents, and is told so in words.
  await page.waitForURL(/\/incidents$/);
  await page.getByText('Not available to you').waitFor();
  await page.close();
});

test('a session that ends mid-report: sign in again with a message, back to the form, nothing lost', {
  skip,
}, async () => {
  const page = await w.signedIn('emma', emma.password);
  await nav(page, 'Report an event');
  await page.getByLabel('In one line, what did you notice?').fill('USB stick found in the car park');
  await page
    .getByLabel('What exactly did you observe or discover?')
    .fill('A USB stick labelled "salaries" by the entrance.');
  clock.advance(hours(13)); // past CORDON_SESSION_HOURS (12)
  await page.getByRole('button', { name: 'Send the report' }).click();
  await page.getByText('Your session has ended').waitFor();
  assert.match(page.url(), /\/sign-in\?redirect=%2Freport&reason=expired/);
  await assertAccessible(page, 'sign-in (session ended)');
  await screenshot(page, 'session-ended');
  await signInThroughForm(page, 'emma', emma.password);
  await page.waitForURL(/\/report$/);
  assert.equal(
    await page.getByLabel('In one line, what did you notice?').inputValue(),
    'USB stick found in the car park',
  );
  await page.getByRole('button', { name: 'Send the report' }).click();
  await page.getByTestId('event-ref').waitFor();
  assert.deepEqual(pageErrors(page), []);

  // Signing out ends the session and forgets the drafts.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You are signed out.').waitFor();
  await page.goto('/report');
  await page.waitForURL(/\/sign-in/);
  assert.equal(await page.getByText('Your session has ended').count(), 0);
  await page.close();
});

test('first start: the one-time secret becomes the administrator’s username and password', {
  skip,
}, async () => {
  await ensureWebBuilt();
  const cordon = await startCordon(loadConfig({ LOG_LEVEL: 'silent', PORT: '0' }), {
    database: await createTestDatabase('pglite'),
    logger: false,
  });
  let browser: Browser | undefined;
  try {
    assert.ok(cordon.admin.created && cordon.admin.via === 'one-time-secret');
    const secret = cordon.admin.secret;
    const url = await cordon.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    const page = await (await browser.newContext({ baseURL: url, viewport: DESKTOP })).newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Set up the administrator' }).click();
    await page.getByLabel('Set-up secret').fill('not-the-secret');
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Full name').fill('Ada Admin');
    await page.locator('input[autocomplete="new-password"]').first().fill('a long enough password');
    await page.locator('input[autocomplete="new-password"]').nth(1).fill('a long enough password');
    await page.getByRole('button', { name: 'Create the administrator' }).click();
    await page.getByText('auth.setup_secret_invalid').waitFor();
    assert.equal(await page.getByLabel('Username').inputValue(), 'ada');
    await assertAccessible(page, 'set-up');
    await screenshot(page, 'setup');
    await page.getByLabel('Set-up secret').fill(secret);
    await page.getByRole('button', { name: 'Create the administrator' }).click();
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'ada', exact: true }).waitFor();
    assert.deepEqual(pageErrors(page), []);
  } finally {
    await browser?.close();
    await cordon.close();
  }
});
