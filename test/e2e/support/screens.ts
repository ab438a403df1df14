import type { Page } from 'playwright-core';
import { assertAccessible, DESKTOP, PHONE, screenshot } from './browser.ts';

/**
 * Checks one screen the way the issue asks: axe finds no serious or critical violation at desktop and at
 * phone width (390 px), nothing overflows sideways on the phone, and screenshots of both are saved.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await assertAccessible(page, `${name} (desktop)`);
  await page.setViewportSize(PHONE);
  try {
    await page.waitForTimeout(400);
    await assertAccessible(page, `${name} (phone)`);
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number;
    if (overflow > 1) {
      const culprits = await page.evaluate(`[...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map((e) => e.tagName + '.' + [...e.classList].join('.'))`);
      throw new Error(
        `${name} is ${overflow}px wider than a 390px phone screen: ${JSON.stringify(culprits)}`,
      );
    }
  } finally {
    await page.setViewportSize(DESKTOP);
    await page.waitForTimeout(400); // the navigation drawer slides back
  }
  await screenshot(page, name);
}
