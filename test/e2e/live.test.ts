import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  browserSkipReason,
  DESKTOP,
  failOnPageErrors,
  pageErrors,
  signInThroughForm,
  startWebCordon,
  type WebCordon,
} from './support/browser.ts';

/**
 * Live updates across tabs: the tabs of one browser share one event stream (a browser opens at most six
 * HTTP/1.1 connections per server, so a stream per tab would starve the seventh tab), and when the tab
 * holding it closes, another takes over.
 */
const skip = browserSkipReason();
let w: WebCordon;
let password = '';

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  password = (await w.person('eddie', ['engineer'])).password;
});
after(async () => {
  if (!skip) await w?.close();
});

const declare = async (title: string) => {
  const res = await w.t.api('POST', '/api/v1/incidents', { body: { title, type: 'probe', severity: 'P3' } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().key as string;
};

test('three tabs, one stream; closing the tab that holds it hands it over', { skip }, async () => {
  const context = await w.browser.newContext({ baseURL: w.url, viewport: DESKTOP });
  let streams = 0;
  context.on('request', (r) => {
    if (r.url().endsWith('/api/v1/stream')) streams++;
  });
  const first = await context.newPage();
  failOnPageErrors(first);
  await first.goto('/');
  await signInThroughForm(first, 'eddie', password);
  await first.getByText('Live', { exact: true }).waitFor();
  const others = [await context.newPage(), await context.newPage()];
  for (const tab of others) {
    failOnPageErrors(tab);
    await tab.goto('/incidents');
    await tab.getByText('No incident matches this view.').waitFor();
    await tab.getByText('Live', { exact: true }).waitFor();
  }
  assert.equal(streams, 1, 'one stream for three tabs');

  const key = await declare('Port scan from a known scanner');
  for (const tab of others) await tab.getByRole('link', { name: key }).waitFor({ timeout: 3000 });

  await first.close();
  const next = await declare('Second port scan');
  for (const tab of others) await tab.getByRole('link', { name: next }).waitFor({ timeout: 5000 });
  assert.equal(streams, 2, 'the stream moved to another tab');
  for (const tab of others) assert.deepEqual(pageErrors(tab), []);
  await context.close();
});
