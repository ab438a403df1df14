import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  assertAccessible,
  browserSkipReason,
  nav,
  pageErrors,
  SCREENSHOTS,
  startWebCordon,
  type WebCordon,
} from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * "Act as a good witness … attachments": a reporter picks files on the report form (sizes shown, one
 * removed again), sends the report, and watches each file go up one by one; the confirmation shows the
 * SHA-256 Cordon recorded for each, and a file the server refuses shows its error code while the others
 * are kept.
 */
const skip = browserSkipReason();
let w: WebCordon;
let password = '';
let delegateToken = '';

const eml = Buffer.from(
  'From: "IT Support" <it-support@evil.example>\r\nSubject: Your password expires today\r\n\r\nClick here.\r\n',
);
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(150_000, 0x2a)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  password = (await w.person('erin', ['user'])).password;
  delegateToken = (await w.t.user('delia', ['security-delegate'])).token;
});
after(async () => {
  if (!skip) await w?.close();
});

test('a reporter attaches files on the form; each is sent after the report and listed with its hash', {
  skip,
}, async () => {
  const page = await w.signedIn('erin', password);
  await nav(page, 'Report an event');
  await page.getByLabel('In one line, what did you notice?').fill('Password-expiry e-mail from "IT Support"');
  await page
    .getByLabel('What exactly did you observe or discover?')
    .fill('An e-mail said my password expires today and linked to a login page outside our domain.');

  // The picker is a button reached and opened with the keyboard. Waiting for the chooser starts first:
  // Playwright turns on file-chooser interception asynchronously, and a key press is sent at once.
  const addFiles = page.getByRole('button', { name: 'Add files…' });
  const chooserOpened = page.waitForEvent('filechooser');
  await addFiles.focus();
  await page.keyboard.press('Enter');
  const chooser = await chooserOpened;
  assert.ok(chooser.isMultiple(), 'several files can be picked at once');
  await chooser.setFiles([
    { name: 'password-expiry.eml', mimeType: 'message/rfc822', buffer: eml },
    { name: 'login-page.png', mimeType: 'image/png', buffer: png },
    { name: 'wrong-file.txt', mimeType: 'text/plain', buffer: Buffer.from('not this one') },
    { name: 'empty-notes.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
  ]);
  const picked = page.getByRole('list', { name: 'Files to attach' });
  const pickedFile = (name: string) => picked.getByRole('listitem').filter({ hasText: name });
  await pickedFile('login-page.png').getByText('146 KB').waitFor();
  await pickedFile('wrong-file.txt').getByText('12 bytes').waitFor();
  await page.getByRole('button', { name: 'Remove wrong-file.txt' }).click();
  await pickedFile('wrong-file.txt').waitFor({ state: 'detached' });
  await page.getByText(/^3 files, /).waitFor();
  await assertAccessible(page, 'report form with files');
  await page.getByRole('group', { name: '4. Attachments (optional)' }).scrollIntoViewIfNeeded();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'report-attachments-form-desktop.png') });

  await page.getByRole('button', { name: 'Send the report' }).click();
  const ref = (await page.getByTestId('event-ref').textContent())?.trim() ?? '';
  assert.match(ref, /^EVT-\d{4}-\d{6}$/);
  const list = page.getByRole('list', { name: 'Attachments' });
  await page
    .getByText(`2 of 3 files attached to ${ref}; 1 not attached (the reason is shown below).`)
    .waitFor();

  const row = (name: string) => list.getByRole('listitem').filter({ hasText: name });
  await row('password-expiry.eml').getByText('Attached').waitFor();
  assert.equal(
    await row('password-expiry.eml').getByTestId('attachment-sha256').textContent(),
    `${sha256(eml).slice(0, 16)}…`,
  );
  assert.equal(
    await row('login-page.png').getByTestId('attachment-sha256').textContent(),
    `${sha256(png).slice(0, 16)}…`,
  );
  // The refused file says why, with the code, and the others stay attached. Sending the same empty file
  // again cannot help, so it is not offered.
  const refused = row('empty-notes.txt');
  await refused.getByText('Not attached').waitFor();
  await refused.getByText('The file is empty.').waitFor();
  await refused.getByText('attachment.empty', { exact: true }).waitFor();
  assert.equal(await refused.getByRole('button', { name: 'Send again' }).count(), 0);
  await checkScreen(page, 'report-attachments');

  // What the Security Delegate sees: the same files, the same hashes.
  const stored = await w.t.api('GET', `/api/v1/events/${ref}/attachments`, { token: delegateToken });
  assert.equal(stored.statusCode, 200, stored.body);
  assert.deepEqual(
    (stored.json().items as { filename: string; sha256: string }[]).map((a) => [a.filename, a.sha256]).sort(),
    [
      ['login-page.png', sha256(png)],
      ['password-expiry.eml', sha256(eml)],
    ],
  );
  assert.deepEqual(pageErrors(page), []);
});
