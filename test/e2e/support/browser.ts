import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import type { Clock } from '../../../src/platform/clock.ts';
import { startTestCordon, type TestCordon } from '../../harness/cordon.ts';
import { ensureWebBuilt } from './web-build.ts';

export const CHROMIUM = '/usr/bin/chromium';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(REPO, 'test-artifacts', 'screenshots');
const AXE = join(REPO, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * Debian's Chromium drives the browser tests; nothing is downloaded. Without it the tests skip and say why,
 * unless CORDON_TEST_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
 */
export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CORDON_TEST_REQUIRE_BROWSER === '1') {
    throw new Error(`CORDON_TEST_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install chromium)`);
  }
  return `${CHROMIUM} is missing: install Debian's chromium to run the browser tests`;
}

export function launchChromium(): Promise<Browser> {
  // launch() gives every run a fresh temporary --user-data-dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WebCordon {
  t: TestCordon;
  url: string;
  browser: Browser;
  /** Creates a user with a password and the given policy roles (through the API, as the administrator). */
  person(username: string, roles: string[]): Promise<{ id: string; username: string; password: string }>;
  /** A new isolated browser context (its own cookies), signed in through the sign-in screen. */
  signedIn(username: string, password: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

export async function startWebCordon(
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<WebCordon> {
  await ensureWebBuilt();
  const t = await startTestCordon('pglite', {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const url = await t.cordon.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    t,
    url,
    browser,
    async person(username, roles) {
      const password = `pw-${username}-correct-horse`;
      const res = await t.api('POST', '/api/v1/users', {
        body: { username, name: username.replace(/^\w/, (c) => c.toUpperCase()), password, roles },
      });
      assert.equal(res.statusCode, 201, res.body);
      return { id: res.json().id as string, username, password };
    },
    async signedIn(username, password, viewport = DESKTOP) {
      const context = await browser.newContext({ viewport, baseURL: url });
      contexts.push(context);
      const page = await context.newPage();
      failOnPageErrors(page);
      await page.goto('/');
      await signInThroughForm(page, username, password);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await t.close();
    },
  };
}

/** Goes to a screen through the main navigation, as a person would. */
export async function nav(page: Page, screen: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: screen, exact: true })
    .click();
}

export async function signInThroughForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Uncaught errors and CSP refusals in the page are collected; tests assert there were none. */
export function failOnPageErrors(page: Page): void {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  collected.set(page, errors);
}

const collected = new WeakMap<Page, string[]>();

export function pageErrors(page: Page): string[] {
  return collected.get(page) ?? [];
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * Runs axe-core in the page and fails on serious or critical violations. The script is evaluated through
 * the DevTools protocol, so the app's Content-Security-Policy stays as strict as in production.
 */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  // Strings, not functions: this file is type-checked without the DOM library.
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = (await page.evaluate(`axe.run(document).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
  })))`)) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    [],
    `accessibility violations on ${screen}`,
  );
}

/** Full-page screenshots of a screen at desktop and phone width, for people to look at. */
export async function screenshot(page: Page, name: string, options: { phone?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A full-page capture paints the fixed header where the page is scrolled to: start from the top.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  if (options.phone === false) return;
  const size = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(400); // the navigation drawer slides away
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(size);
  await page.waitForTimeout(400);
}

/**
 * Picks an option of a Mantine Select/combobox. Once (of ten CI runs) the dropdown opened by the click was
 * closed again before the option could be clicked, while the incident page's side panels were still
 * loading: the option stayed in the DOM, hidden, for 30 s. Opening it again if it is not shown makes the
 * step wait for the page, not for luck; what is chosen and checked is the same.
 */
export async function chooseOption(page: Page, combobox: Locator, option: string | RegExp): Promise<void> {
  const item = page.getByRole('option', { name: option });
  for (let attempt = 1; ; attempt++) {
    await combobox.click();
    try {
      await item.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  await item.click();
}
