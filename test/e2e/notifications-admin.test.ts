import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { FakeWebhooks } from '../fakes/webhook-receiver.ts';
import { browserSkipReason, nav, pageErrors, startWebCordon, type WebCordon } from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * Notifications in the web app. An administrator adds a Mattermost webhook whose address is wrong (a closed
 * port): the credential shows only as "set"; a P1 incident's chat message to executive management through it
 * fails, and with no retries left (CORDON_DELIVERY_RETRIES=0) it is a dead letter, counted and shown in red in
 * the delivery log. After the address is corrected (the other settings kept), Retry sends it: delivered, and
 * on the incident's timeline. The Security Delegate's inbox (the bell) counts what was sent to her in the app
 * and marks it read; the DevOps queue lists the P2 incident assigned to it. With more notifications than the
 * inbox shows at first (50), "Show older" loads the older ones, and "Mark all as read" marks every one loaded.
 * Workers are off: `drain()`.
 */
const skip = browserSkipReason();
let hooks: FakeWebhooks;
let w: WebCordon;
const pw: Record<string, string> = {};
let closedUrl = '';

const DIRECTORY = `people:
  - { handle: carl, name: Carl CTO, email: carl@example.com, chatHandle: carl.cto, username: carl, positions: [cto] }
  - { handle: delia, name: Delia Delegate, email: delia@example.com, username: delia, positions: [security-delegate] }
  - { handle: dana, name: Dana DevOps, email: dana@example.com, username: dana, positions: [manager-of-devops], teams: [devops] }
teams:
  devops: { members: [dana] }
`;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

before(async () => {
  if (skip) return;
  hooks = await new FakeWebhooks().start();
  closedUrl = `http://127.0.0.1:${await closedPort()}/mattermost/hooks/wrong`;
  w = await startWebCordon({
    env: {
      CORDON_WORKERS: 'false',
      CORDON_SECRET_KEY: randomBytes(32).toString('base64'),
      CORDON_DELIVERY_RETRIES: '0',
      CORDON_DELIVERY_TIMEOUT_SECONDS: '3',
    },
  });
  pw.ada = (await w.person('ada', ['administrator', 'security-delegate'])).password;
  pw.delia = (await w.person('delia', ['security-delegate'])).password;
  await w.person('carl', ['executive-management']);
  await w.person('dana', ['devops']);
  const imported = await w.t.api('POST', '/api/v1/directory/import', {
    body: { format: 'yaml', content: DIRECTORY },
  });
  assert.equal(imported.statusCode, 200, imported.body);
});
after(async () => {
  if (skip) return;
  await w?.close();
  await hooks?.close();
});

const drain = () => w.t.cordon.engine.drain();
const deliveries = (page: Page) => page.getByRole('region', { name: 'Deliveries' });

test('an administrator sees a dead-lettered delivery, fixes its channel and retries it', {
  skip,
}, async () => {
  const ada = await w.signedIn('ada', pw.ada ?? '');
  await nav(ada, 'Channels and deliveries');
  await ada.getByRole('tab', { name: 'Channels' }).click();
  await ada.getByRole('button', { name: 'Add a channel' }).click();
  const add = ada.getByRole('form', { name: 'Add a channel' });
  await add.getByRole('textbox', { name: 'Key' }).fill('mattermost');
  await add.getByRole('combobox', { name: 'Kind' }).click();
  await ada.getByRole('option', { name: 'Mattermost webhook' }).click();
  await add.getByLabel('Address (URL)').fill(closedUrl);
  await add.getByRole('button', { name: 'Save channel' }).click();
  const row = ada.locator('[data-channel="mattermost"]');
  await row.getByTestId('credentials-mattermost').getByText('set', { exact: true }).waitFor();
  assert.ok(!(await ada.content()).includes(closedUrl), 'the webhook address (a credential) is never shown');

  // A P1 incident: executive management is told by chat, through the broken webhook.
  const declared = await w.t.api('POST', '/api/v1/incidents', {
    body: { title: 'Backdoor account on the billing database', type: 'unauthorized-access', severity: 'P1' },
  });
  assert.equal(declared.statusCode, 201, declared.body);
  const key = declared.json().key as string;
  await drain();

  await ada.getByRole('tab', { name: 'Deliveries' }).click();
  const alert = ada.getByTestId('dead-letters');
  await alert.getByText(/\d+ deliver(y|ies) failed every attempt/).waitFor();
  await alert.getByRole('button', { name: 'Show dead letters' }).click();
  await ada.waitForURL(/status=dead/);
  const dead = deliveries(ada).locator('[data-status="dead"]').filter({ hasText: 'Carl' }).first();
  await dead.getByText('dead letter').waitFor();
  await dead.getByText('chat via mattermost').waitFor();
  await dead.getByRole('link', { name: key }).waitFor();
  await dead.getByText(/ECONNREFUSED|refused|fetch failed/i).waitFor();
  await checkScreen(ada, 'deliveries-dead');
  const id = await dead.getAttribute('data-delivery');

  // Correct the address; the other settings stay (the URL is the only field of this kind).
  await ada.getByRole('tab', { name: 'Channels' }).click();
  await row.getByRole('button', { name: 'Change mattermost' }).click();
  const change = ada.getByRole('form', { name: 'Change the channel mattermost' });
  await change.getByText('Set. Leave empty to keep it; it is never shown.').waitFor();
  assert.equal(await change.getByLabel('Address (URL)').inputValue(), '', 'the stored address is not shown');
  await change.getByLabel('Address (URL)').fill(hooks.mattermostUrl);
  await change.getByRole('button', { name: 'Save channel' }).click();
  await change.waitFor({ state: 'detached' });
  await checkScreen(ada, 'channels');

  await ada.getByRole('tab', { name: 'Deliveries' }).click();
  await ada.waitForURL(/tab=deliveries/);
  await ada.getByRole('combobox', { name: 'Status' }).click();
  await ada.getByRole('option', { name: 'Dead letters (failed for good)' }).click();
  await deliveries(ada)
    .locator(`[data-delivery="${id}"]`)
    .getByRole('button', { name: 'Retry the message to Carl CTO' })
    .click();
  await ada.getByText('The message to Carl CTO is queued again.').waitFor();
  await drain();
  await ada.getByRole('combobox', { name: 'Status' }).click();
  await ada.getByRole('option', { name: 'All' }).click();
  await deliveries(ada).locator(`[data-delivery="${id}"][data-status="delivered"]`).waitFor();
  assert.ok(
    hooks.http.received('/mattermost').some((r) => r.body.includes(key)),
    'Mattermost got the message',
  );
  // The log narrowed to one incident and one recipient: the filters go into the address.
  const filters = ada.getByRole('form', { name: 'Filter the delivery log' });
  await filters.getByLabel('Incident key').fill(key.toLowerCase());
  await filters.getByLabel('Recipient').fill('carl');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await ada.waitForURL(new RegExp(`incident=${key}.*recipient=carl|recipient=carl.*incident=${key}`));
  await deliveries(ada).locator(`[data-delivery="${id}"]`).waitFor();
  const shown = await deliveries(ada).locator('[data-delivery]').allTextContents();
  assert.ok(
    shown.length > 0 && shown.every((row) => row.includes('Carl') && row.includes(key)),
    shown.join('\n'),
  );
  await filters.getByRole('button', { name: 'Clear' }).click();
  await ada.waitForURL((u) => !u.search.includes('recipient='));
  const timeline = (await w.t.api('GET', `/api/v1/incidents/${key}/timeline?limit=500`)).json().items as {
    kind: string;
  }[];
  const kinds = timeline.map((e) => e.kind);
  assert.ok(kinds.includes('notification.dead'));
  assert.ok(kinds.includes('notification.retry_requested'));
  assert.ok(kinds.lastIndexOf('notification.delivered') > kinds.indexOf('notification.retry_requested'));
  await ada.goto(`/incidents/${key}`);
  await ada.getByRole('region', { name: 'Timeline' }).getByText('Sending again: Carl CTO by chat').waitFor();
  assert.deepEqual(pageErrors(ada), []);
});

test('the inbox bell counts what was sent in the app, and the DevOps queue lists its incidents', {
  skip,
}, async () => {
  const delia = await w.signedIn('delia', pw.delia ?? '');
  const bell = delia.getByTestId('inbox-bell');
  await bell.waitFor();
  const before = (await bell.getAttribute('aria-label')) ?? '';

  // Any report pages the Security Delegate in the app (and by e-mail): the bell hears of it live.
  const reported = await w.t.api('POST', '/api/v1/reports', {
    body: { title: 'Strange USB stick in the lobby', description: 'Found by reception.' },
  });
  assert.equal(reported.statusCode, 201, reported.body);
  await drain();
  await delia.locator(`[data-testid="inbox-bell"]:not([aria-label="${before}"])`).waitFor();
  const label = (await bell.getAttribute('aria-label')) ?? '';
  const unread = Number(/Inbox, (\d+) unread/.exec(label)?.[1] ?? 0);
  assert.ok(unread >= 1, label);
  await bell.click();
  await delia.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  const item = delia.locator('[data-unread="true"]').filter({ hasText: 'Strange USB stick in the lobby' });
  await item.first().waitFor();
  await checkScreen(delia, 'inbox');
  await item
    .first()
    .getByRole('button', { name: /^Mark as read/ })
    .click();
  const after = unread === 1 ? 'Inbox, nothing unread' : `Inbox, ${unread - 1} unread`;
  await delia.locator(`[data-testid="inbox-bell"][aria-label="${after}"]`).waitFor();

  // A P2 incident goes to the DevOps department's queue.
  const declared = await w.t.api('POST', '/api/v1/incidents', {
    body: { title: 'Laptop with odd processes', type: 'suspicious-email', severity: 'P2' },
  });
  const key = declared.json().key as string;
  await drain();
  await nav(delia, 'Team queues');
  await delia.getByRole('combobox', { name: 'Team' }).click();
  await delia.getByRole('option', { name: 'Legal' }).click();
  await delia.waitForURL(/team=legal/);
  await delia.getByText("Nothing has been assigned to Legal's queue.").waitFor();
  await delia.getByRole('combobox', { name: 'Team' }).click();
  await delia.getByRole('option', { name: 'DevOps' }).click();
  await delia.waitForURL(/team=devops/);
  const queue = delia.getByRole('region', { name: 'DevOps queue' });
  await queue.locator(`[data-queue-item="${key}"]`).getByText('Laptop with odd processes').waitFor();
  await checkScreen(delia, 'queues');
  const api = (await w.t.api('GET', '/api/v1/queues/devops')).json().items as { incidentKey: string }[];
  assert.ok(api.some((d) => d.incidentKey === key));
  assert.deepEqual(pageErrors(delia), []);
});

test('the inbox shows older notifications on demand, across pages for "Mark all as read"', {
  skip,
}, async () => {
  // 51 reports, each paging the Security Delegate in the app: one more than the inbox shows at first (50).
  const title = (n: number) => `Lost badge number ${String(n).padStart(3, '0')}`;
  for (let n = 1; n <= 51; n++) {
    const reported = await w.t.api('POST', '/api/v1/reports', {
      body: { title: title(n), description: 'Reported at the front desk.' },
    });
    assert.equal(reported.statusCode, 201, reported.body);
  }
  await drain();

  const delia = await w.signedIn('delia', pw.delia ?? '');
  await delia.goto('/inbox');
  await delia.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  const list = delia.getByRole('list', { name: 'Notifications' });
  const items = list.locator('[data-inbox-item]');
  const item = (n: number) => items.filter({ hasText: title(n) });
  await item(51).waitFor();
  assert.equal(await item(1).count(), 0, 'the oldest report is not on the first page');
  assert.equal(await items.count(), 50);
  await checkScreen(delia, 'inbox-older');

  const older = delia.getByRole('button', { name: 'Show older' });
  await older.click();
  await item(1).waitFor();
  // The earlier tests' notifications are older still: load every page.
  while (await older.isVisible()) {
    const shown = await items.count();
    await older.click();
    await items.nth(shown).waitFor();
  }

  // Every unread notification loaded, on every page, is marked read at once; the bell agrees.
  const unread = await list.locator('[data-unread="true"]').count();
  assert.ok(unread >= 51, String(unread));
  await delia.getByRole('button', { name: `Mark all ${unread} as read` }).click();
  await delia.locator('[data-testid="inbox-bell"][aria-label="Inbox, nothing unread"]').waitFor();
  await list
    .locator('[data-unread="false"]')
    .filter({ hasText: title(1) })
    .waitFor();
  assert.equal(await list.locator('[data-unread="true"]').count(), 0);
  assert.deepEqual(pageErrors(delia), []);
});
