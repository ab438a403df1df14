import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browserSkipReason, pageErrors, startWebCordon, type WebCordon } from './support/browser.ts';
import { seedTimeline } from './support/seed.ts';

/**
 * An incident with 5,000 timeline entries opens and scrolls smoothly: only the rows in view are in the DOM,
 * and a live change fetches only the new entry. The figures (load time, frame times while scrolling from
 * top to bottom) are printed as test diagnostics and recorded in docs/performance-web.md; they are not
 * asserted, since timings depend on the machine.
 */
const skip = browserSkipReason();
let w: WebCordon;
let key = '';
let password = '';
let total = 0;

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  const sally = await w.person('sally', ['security-delegate']);
  password = sally.password;
  key = (
    await w.t.api('POST', '/api/v1/incidents', {
      body: { title: 'Long-running malware cleanup', type: 'malicious-code', severity: 'P1' },
    })
  ).json().key;
  await seedTimeline(w.t, key, 5000, sally.id);
  // The declaration may bring entries of its own (escalation): count what the API holds.
  for (let cursor = '0'; cursor; ) {
    const page = (
      await w.t.api('GET', `/api/v1/incidents/${key}/timeline?cursor=${cursor}&limit=500`)
    ).json();
    total += page.items.length;
    cursor = page.nextCursor ?? '';
  }
});
after(async () => {
  if (!skip) await w?.close();
});

type ScrollFigures = {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  longTasks: number;
  maxRows: number;
  top: number;
};

test('5,000 timeline entries: virtualised, scrolled end to end, updated incrementally', {
  skip,
}, async (t) => {
  const page = await w.signedIn('sally', password);
  const timelineRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes(`/incidents/${key}/timeline`) && r.method() === 'GET')
      timelineRequests.push(r.url());
  });
  const started = Date.now();
  await page.goto(`/incidents/${key}`);
  await page.getByText(`${total} entries, newest first`).waitFor({ timeout: 20_000 });
  const loadMs = Date.now() - started;

  const scroller = page.getByTestId('timeline-scroller');
  const rendered = await scroller.getByRole('listitem').count();
  assert.ok(rendered > 0 && rendered < 80, `${rendered} rows in the DOM for ${total} entries`);

  // Scroll from the newest entry to the oldest over 240 animation frames, timing each frame.
  const figures = (await page.evaluate(`(async () => {
    const el = document.querySelector('[data-testid="timeline-scroller"]');
    let longTasks = 0;
    const observer = new PerformanceObserver((list) => { longTasks += list.getEntries().length; });
    try { observer.observe({ type: 'longtask', buffered: false }); } catch {}
    const frames = [];
    let maxRows = 0;
    let last = performance.now();
    const steps = 240;
    for (let i = 1; i <= steps; i++) {
      el.scrollTop = ((el.scrollHeight - el.clientHeight) * i) / steps;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, el.querySelectorAll('li').length);
    }
    observer.disconnect();
    // Rows are measured as they appear, so the total height settles once the end is reached.
    for (let i = 0; i < 20 && el.scrollTop + el.clientHeight < el.scrollHeight - 1; i++) {
      el.scrollTop = el.scrollHeight;
      await new Promise((r) => requestAnimationFrame(r));
    }
    frames.sort((a, b) => a - b);
    const at = (q) => Math.round(frames[Math.min(frames.length - 1, Math.floor(frames.length * q))] * 10) / 10;
    return { frames: frames.length, p50: at(0.5), p95: at(0.95), max: Math.round(frames[frames.length - 1]), longTasks, maxRows,
      top: el.scrollTop };
  })()`)) as ScrollFigures;
  await scroller.getByText('Declared a P1 Malicious Code incident').waitFor();
  assert.ok(figures.maxRows < 80, `${figures.maxRows} rows in the DOM while scrolling`);
  t.diagnostic(`timeline of ${total} entries shown ${loadMs} ms after navigation`);
  t.diagnostic(
    `scroll over ${figures.frames} frames: p50 ${figures.p50} ms, p95 ${figures.p95} ms, max ${figures.max} ms, ` +
      `${figures.longTasks} long tasks, at most ${figures.maxRows} rows in the DOM`,
  );

  // A live change asks only for what is new (cursor = the last entry held), not for 5,000 entries again.
  timelineRequests.length = 0;
  await w.t.api('POST', `/api/v1/incidents/${key}/timeline`, { body: { text: 'Entry 5,002 arrives live.' } });
  await page.getByText(`${total + 1} entries, newest first`).waitFor({ timeout: 3000 });
  assert.ok(timelineRequests.length >= 1);
  for (const url of timelineRequests) assert.match(url, new RegExp(`cursor=${total}(&|$)`));
  await scroller.evaluate((el) => {
    el.scrollTop = 0;
  });
  await scroller.getByText('Entry 5,002 arrives live.').waitFor();
  assert.deepEqual(pageErrors(page), []);
});
