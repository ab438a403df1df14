import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { WEB_DIST } from '../../src/app/web.ts';
import {
  browserSkipReason,
  DESKTOP,
  signInThroughForm,
  startWebCordon,
  type WebCordon,
} from './support/browser.ts';

/**
 * "Initial JavaScript ≤ 250 KB gzipped": the JavaScript a browser with an empty cache fetches to show the
 * first screen — the sign-in screen, and the dashboard of someone signed in — summed at its gzip size (the
 * .gz files the build writes and the server sends). Screens are split into chunks loaded on demand.
 */
const skip = browserSkipReason();
const BUDGET = 250_000;
let w: WebCordon;
let password = '';

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  password = (await w.person('sally', ['security-delegate'])).password;
});
after(async () => {
  if (!skip) await w?.close();
});

function recordScripts(page: Page): string[] {
  const scripts: string[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.js')) scripts.push(path);
  });
  return scripts;
}

function gzipSize(paths: string[]): { files: number; raw: number; gzip: number } {
  const unique = [...new Set(paths)];
  let raw = 0;
  let gzip = 0;
  for (const p of unique) {
    raw += statSync(join(WEB_DIST, p)).size;
    gzip += statSync(join(WEB_DIST, `${p}.gz`)).size;
  }
  return { files: unique.length, raw, gzip };
}

test('the first screen needs at most 250 KB of gzipped JavaScript', { skip }, async (t) => {
  const context = await w.browser.newContext({ baseURL: w.url, viewport: DESKTOP });
  const signInPage = await context.newPage();
  const signInScripts = recordScripts(signInPage);
  await signInPage.goto('/');
  await signInPage.getByRole('button', { name: 'Sign in' }).waitFor();
  await signInPage.waitForLoadState('networkidle');
  const signIn = gzipSize(signInScripts);
  await signInThroughForm(signInPage, 'sally', password);
  await signInPage.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  await signInPage.close();

  // A signed-in person opening Cordon in a new tab with an empty cache.
  const fresh = await w.browser.newContext({
    baseURL: w.url,
    viewport: DESKTOP,
    storageState: await context.storageState(),
  });
  const page = await fresh.newPage();
  const dashboardScripts = recordScripts(page);
  await page.goto('/');
  await page.getByRole('heading', { name: 'Open incidents by severity' }).waitFor();
  await page.waitForLoadState('networkidle');
  const dashboard = gzipSize(dashboardScripts);
  await context.close();
  await fresh.close();

  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  t.diagnostic(`sign-in screen: ${signIn.files} files, ${kb(signIn.raw)} raw, ${kb(signIn.gzip)} gzipped`);
  t.diagnostic(
    `dashboard: ${dashboard.files} files, ${kb(dashboard.raw)} raw, ${kb(dashboard.gzip)} gzipped`,
  );
  assert.ok(signIn.gzip <= BUDGET, `sign-in screen needs ${kb(signIn.gzip)} of gzipped JavaScript`);
  assert.ok(dashboard.gzip <= BUDGET, `dashboard needs ${kb(dashboard.gzip)} of gzipped JavaScript`);
});
