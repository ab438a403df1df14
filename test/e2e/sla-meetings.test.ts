import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { days, FakeClock, hours, minutes } from '../harness/clock.ts';
import { browserSkipReason, nav, pageErrors, startWebCordon, type WebCordon } from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * The remediation SLA and the daily incident response meeting in the web app, on a fake clock (the server's;
 * the browser keeps real time, and the screens show the server's reading). A P0 incident (7 days, reminders
 * at 50/75/90 %): the badge beside its phase says on track; the meeting's invitation goes out an hour before
 * 09:00 UTC, and minutes recorded in the web app land on the timeline; past half the window the badge turns
 * "at risk" live, then "breached" after the due time, on the incident, the dashboard and the SLA overview.
 * Sessions last 30 days here, so advancing the clock a week keeps everyone signed in.
 */
const skip = browserSkipReason();
const clock = new FakeClock(new Date().toISOString());
let w: WebCordon;
let password = '';
let key = '';
let declaredAt = 0;

before(async () => {
  if (skip) return;
  w = await startWebCordon({ clock, env: { CORDON_WORKERS: 'false', CORDON_SESSION_HOURS: '720' } });
  password = (await w.person('delia', ['security-delegate'])).password;
  declaredAt = clock.now().getTime();
  const declared = await w.t.api('POST', '/api/v1/incidents', {
    body: { title: 'Ransomware spreading on the file servers', type: 'malicious-code', severity: 'P0' },
  });
  assert.equal(declared.statusCode, 201, declared.body);
  key = declared.json().key;
  await drain();
});
after(async () => {
  if (!skip) await w?.close();
});

const drain = () => w.t.cordon.engine.drain();
const header = (page: Page) => page.getByTestId('incident-key').locator('..');
const slaBadge = (page: Page, state: string) => header(page).locator(`[data-sla-state="${state}"]`);
const timeline = (page: Page) => page.getByRole('region', { name: 'Timeline' });

/** The fake clock moves to `at` (never back) and what is due runs. */
async function advanceTo(at: number): Promise<void> {
  const ahead = at - clock.now().getTime();
  if (ahead > 0) clock.advance(ahead);
  await drain();
}

test('the daily meeting: the schedule and agenda, the invitation, and minutes recorded onto the timeline', {
  skip,
}, async () => {
  const page = await w.signedIn('delia', password);
  await page.goto(`/incidents/${key}?tab=meetings`);
  const meeting = page.getByRole('region', { name: 'Incident Response Meeting' });
  await meeting
    .getByText(/^Daily at 09:00 \(UTC\) for 30m, for P0 incidents until they are resolved/)
    .waitFor();
  await meeting.getByText('Document new Indicators of Compromise (IOCs)').waitFor();
  await meeting
    .getByTestId('next-meeting')
    .getByText(/invitation at/)
    .waitFor();
  await meeting.getByText('No meeting has been invited yet; minutes are recorded once one has.').waitFor();

  // The next 09:00 UTC; its invitation goes out an hour before (at once if that time has passed).
  const now = clock.now();
  let start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9);
  if (start <= now.getTime()) start += days(1);
  await advanceTo(start - hours(1) + minutes(1));
  const date = new Date(start).toISOString().slice(0, 10);
  const occurrence = meeting.locator(`[data-occurrence="${date}"]`);
  await occurrence.getByText('Invited').waitFor(); // live: the invitation announces the incident
  await meeting.getByTestId('next-meeting').getByText('(invitation sent)').waitFor();
  await checkScreen(page, 'incident-meetings');

  await occurrence
    .getByRole('button', { name: `Record minutes of Incident Response Meeting of ${date}` })
    .click();
  const form = page.getByRole('form', { name: `Minutes of Incident Response Meeting of ${date}` });
  await form
    .getByLabel('What was discussed')
    .fill('File servers isolated; backups from Sunday verified clean.');
  await form.getByLabel('Attendees (one per line)').fill('Delia\nEnzo Engineer');
  await form
    .getByLabel('Decisions (one per line)')
    .fill('Restore from Sunday backups\nRotate domain admin passwords');
  await form.getByRole('button', { name: 'Record minutes' }).click();
  await occurrence.getByText('Minutes recorded').first().waitFor();

  await page.getByRole('tab', { name: 'Timeline' }).click();
  await timeline(page).getByText(`Minutes of the meeting of ${date}`).waitFor();
  await timeline(page)
    .getByText(/File servers isolated; backups from Sunday verified clean\./)
    .waitFor();
  await timeline(page)
    .getByText(/• Rotate domain admin passwords/)
    .waitFor();
  await timeline(page)
    .getByText(/Incident Response Meeting invitation sent for/)
    .waitFor();
  const entries = (await w.t.api('GET', `/api/v1/incidents/${key}/timeline?limit=500`)).json().items as {
    kind: string;
    data: Record<string, unknown>;
  }[];
  const minutesEntry = entries.find((e) => e.kind === 'meeting.minutes');
  assert.deepEqual(minutesEntry?.data.attendees, ['Delia', 'Enzo Engineer']);
  assert.deepEqual(minutesEntry?.data.decisions, [
    'Restore from Sunday backups',
    'Rotate domain admin passwords',
  ]);
  assert.deepEqual(pageErrors(page), []);
});

test('the SLA badge turns at risk past the first threshold and breached after the due time, live', {
  skip,
}, async () => {
  const page = await w.signedIn('delia', password);
  await page.goto(`/incidents/${key}`);
  await slaBadge(page, 'on_track').getByText('SLA on track').waitFor();
  const panel = page.getByRole('region', { name: 'Remediation SLA' });
  await panel.getByText('P0 incidents are to be closed within 7d.', { exact: false }).waitFor();
  await panel.getByRole('listitem').filter({ hasText: '50% at' }).getByText('(ahead)').waitFor();

  // Past half of the 7-day window (3.5 days): the reminder timer fires and the page hears of it.
  await advanceTo(declaredAt + days(3) + hours(13));
  await slaBadge(page, 'at_risk').getByText('SLA at risk').waitFor();
  await panel.getByRole('listitem').filter({ hasText: '50% at' }).getByText('(passed)').waitFor();
  await timeline(page).getByText('Remediation SLA at risk: 50% of the window used').waitFor();
  await checkScreen(page, 'incident-sla-at-risk');

  // Another incident, declared now and on track, for the overview.
  const other = await w.t.api('POST', '/api/v1/incidents', {
    body: { title: 'Phishing page imitating the VPN portal', type: 'suspicious-email', severity: 'P2' },
  });
  assert.equal(other.statusCode, 201, other.body);
  const otherKey = other.json().key as string;
  await drain();

  await nav(page, 'Dashboard');
  await page.getByTestId('sla-card').getByRole('link', { name: key }).waitFor();
  await page.getByTestId('sla-card').locator('[data-sla-state="at_risk"]').waitFor();

  // Past the due time: breached, on the open incident page, as it happens.
  await page.goto(`/incidents/${key}`);
  await slaBadge(page, 'at_risk').waitFor();
  await advanceTo(declaredAt + days(7) + hours(1));
  await slaBadge(page, 'breached').getByText('SLA breached').waitFor();
  await panel.getByText(/overdue by 1 h/).waitFor();
  await timeline(page).getByText('Remediation SLA breached').waitFor();

  // The overview: at risk and breached only by default; breached first, the on-track incident last.
  await nav(page, 'SLAs');
  const table = page.getByRole('region', { name: 'Incidents by SLA state' });
  await table.locator(`[data-incident="${key}"][data-sla-row="breached"]`).waitFor();
  assert.equal(await table.locator(`[data-incident="${otherKey}"]`).count(), 0);
  await checkScreen(page, 'sla');
  await page.getByText('All open', { exact: true }).click();
  await page.waitForURL(/show=all/);
  await table.locator(`[data-incident="${otherKey}"][data-sla-row="on_track"]`).waitFor();
  const order = await table
    .locator('[data-incident]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-incident')));
  assert.deepEqual(order, [key, otherKey]);
  const api = (await w.t.api('GET', `/api/v1/incidents/${key}/sla`)).json();
  assert.equal(api.state, 'breached');
  assert.deepEqual(pageErrors(page), []);
});
