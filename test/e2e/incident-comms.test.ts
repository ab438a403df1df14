import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { FakeSlack } from '../fakes/slack.ts';
import { browserSkipReason, pageErrors, startWebCordon, type WebCordon } from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * An incident's communications in the web app. The Security Delegate switches an incident to out-of-band
 * (the Compromised Communications special case): a banner says chat and the normal mail server no longer
 * carry it — on her page and, live, on an engineer's who may not switch it — and the timeline and the audit
 * log record it. Back on the normal channels, a responder opens a dedicated Slack channel (a Slack-compatible
 * fake); the page shows it once the job has opened it. Workers are off: `drain()` runs what is due.
 */
const skip = browserSkipReason();
let slack: FakeSlack;
let w: WebCordon;
const pw: Record<string, string> = {};
let key = '';

before(async () => {
  if (skip) return;
  slack = await new FakeSlack().start();
  w = await startWebCordon({
    env: {
      CORDON_WORKERS: 'false',
      CORDON_SECRET_KEY: randomBytes(32).toString('base64'),
      CORDON_SLACK_TOKEN: slack.token,
      CORDON_SLACK_API_URL: slack.apiUrl,
    },
  });
  pw.delia = (await w.person('delia', ['security-delegate'])).password;
  pw.enzo = (await w.person('enzo', ['engineer'])).password;
  const declared = await w.t.api('POST', '/api/v1/incidents', {
    body: { title: 'Attacker reading the chat workspace', type: 'unauthorized-access', severity: 'P1' },
  });
  assert.equal(declared.statusCode, 201, declared.body);
  key = declared.json().key;
  await w.t.cordon.engine.drain();
});
after(async () => {
  if (skip) return;
  await w?.close();
  await slack?.close();
});

const comms = (page: Page) => page.getByRole('region', { name: 'Communications' });
const banner = (page: Page) => page.getByTestId('out-of-band-banner');

test('the Security Delegate switches an incident to out-of-band: a banner, the timeline and the audit log say so', {
  skip,
}, async () => {
  // An engineer may read the incident but not switch its communications (the special case's appliedBy).
  const enzo = await w.signedIn('enzo', pw.enzo ?? '');
  await enzo.goto(`/incidents/${key}`);
  await comms(enzo).getByText('Only Security Delegate may switch it.').waitFor();
  assert.equal(
    await comms(enzo)
      .getByRole('button', { name: /Switch to out-of-band/ })
      .count(),
    0,
  );
  assert.equal(await banner(enzo).count(), 0);

  const delia = await w.signedIn('delia', pw.delia ?? '');
  await delia.goto(`/incidents/${key}`);
  await comms(delia).getByRole('button', { name: 'Switch to out-of-band…' }).click();
  const form = comms(delia).getByRole('form', { name: 'Switch to out-of-band' });
  await form
    .getByLabel('Why are communications compromised?')
    .fill('Slack admin token found on a paste site');
  await form.getByRole('button', { name: 'Switch to out-of-band' }).click();
  await banner(delia)
    .getByText(`${key} is out-of-band: chat and the normal mail server no longer carry it`)
    .waitFor();
  await banner(delia)
    .getByText('Reason: Slack admin token found on a paste site', { exact: false })
    .waitFor();
  // No chat channel while out-of-band.
  await comms(delia)
    .getByTestId('chat-room')
    .getByText(/is out-of-band: it gets no chat channel/)
    .waitFor();
  // The engineer's open page hears of it (live) and shows the banner too.
  await banner(enzo).waitFor();

  const timeline = delia.getByRole('region', { name: 'Timeline' });
  await timeline.getByText('Switched to out-of-band communications: no chat, no normal e-mail').waitFor();
  await timeline.getByText(/Reason: Slack admin token found on a paste site/).waitFor();
  await checkScreen(delia, 'incident-out-of-band');

  // The audit log, as the Delegate sees it on the Audit screen.
  await delia.goto(`/audit?incidentKey=${key}`);
  await delia.getByRole('cell', { name: 'incident.out_of_band_enabled' }).waitFor();
  const audit = await w.t.api('GET', `/api/v1/audit?action=incident.out_of_band_enabled&incidentKey=${key}`);
  assert.equal(audit.json().items.length, 1);

  // Back to normal: the banner goes, the timeline says why.
  await delia.goto(`/incidents/${key}`);
  await comms(delia).getByRole('button', { name: 'Return to normal channels…' }).click();
  const back = comms(delia).getByRole('form', { name: 'Return to normal channels' });
  await back.getByLabel('Why are the normal channels safe again?').fill('Token revoked, workspace audited');
  await back.getByRole('button', { name: 'Return to normal channels' }).click();
  await banner(delia).waitFor({ state: 'detached' });
  await banner(enzo).waitFor({ state: 'detached' });
  await delia.getByRole('region', { name: 'Timeline' }).getByText('Back on the normal channels').waitFor();
  const state = (await w.t.api('GET', `/api/v1/incidents/${key}/out-of-band`)).json();
  assert.equal(state.outOfBand, false);
  assert.deepEqual(pageErrors(delia), []);
  assert.deepEqual(pageErrors(enzo), []);
});

test('a responder opens a dedicated Slack channel; the page shows it once it is open', { skip }, async () => {
  const enzo = await w.signedIn('enzo', pw.enzo ?? '');
  await enzo.goto(`/incidents/${key}`);
  const room = comms(enzo).getByTestId('chat-room');
  await room.getByText('No dedicated chat channel.').waitFor();
  await room.getByRole('button', { name: 'Open a Slack channel' }).click();
  await room.getByText(/Asked for: it opens in a moment/).waitFor();
  // The job opens the channel; the page hears of it.
  await w.t.cordon.engine.drain();
  const name = `#${key.toLowerCase()}`;
  await room.getByRole('link', { name }).waitFor();
  const opened = slack.channels.find((c) => c.name === key.toLowerCase());
  assert.ok(opened, 'conversations.create was called');
  assert.equal(
    await room.getByRole('link', { name }).getAttribute('href'),
    `https://slack.com/app_redirect?channel=${opened.id}`,
  );
  await enzo.getByRole('region', { name: 'Timeline' }).getByText(`Chat channel ${name} opened`).waitFor();
  assert.equal(await room.getByRole('button', { name: 'Open a Slack channel' }).count(), 0);
  assert.deepEqual(pageErrors(enzo), []);
});
