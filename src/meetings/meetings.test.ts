import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../../test/fakes/world.ts';
import { days, hours, minutes } from '../../test/harness/clock.ts';
import { testBackends } from '../../test/harness/database.ts';

/** iCalendar folds long lines (RFC 5545 §3.1); unfold before reading. */
const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '');

for (const backend of testBackends()) {
  describe(`the daily incident response meeting [${backend}]`, () => {
    let w: World;
    let key: string;
    before(async () => {
      w = await startWorld(backend);
      const res = await w.t.api('POST', '/api/v1/incidents', {
        token: w.people.delia?.token,
        body: {
          title: 'Active exploitation of the VPN appliance',
          type: 'unauthorized-access',
          severity: 'P0',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      key = res.json().key;
      await w.drain();
    });
    after(() => w.close());

    const token = () => w.people.delia?.token ?? '';
    const invitations = () =>
      w.smtp
        .to('delia@example.com')
        .filter((m) => m.calendar && m.subject.includes('Incident Response Meeting'));
    const timeline = async () =>
      (await w.t.api('GET', `/api/v1/incidents/${key}/timeline`, { token: token() })).json().items as {
        kind: string;
        data: Record<string, unknown>;
      }[];

    test('a recurring, daily Incident Response Meeting: an iCalendar invitation with the agenda filled from the incident', async () => {
      await w.advance(hours(22));
      assert.equal(invitations().length, 0, 'not before the invitation time (an hour ahead)');
      const planned = (await w.t.api('GET', `/api/v1/incidents/${key}/meetings`, { token: token() })).json();
      assert.deepEqual(planned.items, []);
      const [daily] = planned.schedule;
      assert.equal(daily.meeting, 'daily-incident-response-meeting');
      assert.equal(daily.applies, true);
      assert.ok(daily.agenda.includes('Document new Indicators of Compromise (IOCs)'));
      assert.deepEqual(daily.next, {
        date: '2026-03-03',
        startsAt: '2026-03-03T09:00:00.000Z',
        endsAt: '2026-03-03T09:30:00.000Z',
        inviteAt: '2026-03-03T08:00:00.000Z',
        invited: false,
      });
      await w.advance(hours(1));
      const [invite] = invitations();
      assert.ok(invite?.calendar, 'invited by e-mail with a calendar invitation');
      const ics = unfold(invite.calendar);
      assert.match(ics, /METHOD:REQUEST/);
      assert.match(ics, /DTSTART:20260303T090000Z/);
      assert.match(ics, new RegExp(`UID:${key}-daily-incident-response-meeting-2026-03-03@cordon`));
      for (const item of [
        'Document new Indicators of Compromise (IOCs)',
        'External Reporting / Breach Reporting (if necessary)',
      ])
        assert.ok(invite.text.includes(item), `agenda: ${item}`);
      assert.match(invite.text, /Remediation SLA: on track/);
      assert.match(invite.text, /Breach question: a breach is suspected/);
      assert.match(invite.text, /Root cause analysis: not yet written/);
      assert.ok((await timeline()).some((e) => e.kind === 'meeting.invited'));
    });

    test('minutes are recorded back to the timeline', async () => {
      const meetings = (await w.t.api('GET', `/api/v1/incidents/${key}/meetings`, { token: token() })).json()
        .items;
      assert.equal(meetings.length, 1);
      const minutes = await w.t.api('POST', `/api/v1/incidents/${key}/meetings/${meetings[0].id}/minutes`, {
        token: token(),
        body: {
          text: 'VPN appliance isolated; new IOC 203.0.113.7.',
          attendees: ['Delia Delegate', 'Enzo Engineer'],
          decisions: ['Rotate VPN certificates'],
        },
      });
      assert.equal(minutes.statusCode, 201, minutes.body);
      const entry = (await timeline()).find((e) => e.kind === 'meeting.minutes');
      assert.equal(entry?.data.text, 'VPN appliance isolated; new IOC 203.0.113.7.');
      assert.deepEqual(entry?.data.decisions, ['Rotate VPN certificates']);
    });

    test('the next day brings the next invitation, with what happened since the last meeting', async () => {
      await w.advance(days(1));
      const all = invitations();
      assert.equal(all.length, 2);
      assert.match(all[1]?.text ?? '', /new entr(y|ies) since the last meeting/);
    });

    test('the meetings stop when the incident is resolved, and the invitation already sent is cancelled', async () => {
      for (const to of ['containment', 'recovery', 'review']) {
        const res = await w.t.api('POST', `/api/v1/incidents/${key}/transitions`, {
          token: token(),
          body: { to },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
      await w.advance(minutes(1));
      const cancelled = w.smtp.to('delia@example.com').filter((m) => m.subject.startsWith('Cancelled:'));
      assert.equal(cancelled.length, 1);
      assert.match(unfold(cancelled[0]?.calendar ?? ''), /METHOD:CANCEL/);
      const before = invitations().length;
      await w.advance(days(3));
      assert.equal(invitations().length, before, 'no more invitations');
      assert.ok((await timeline()).some((e) => e.kind === 'meeting.cancelled'));
      const [daily] = (await w.t.api('GET', `/api/v1/incidents/${key}/meetings`, { token: token() })).json()
        .schedule;
      assert.equal(daily.applies, false, 'resolved: the meeting no longer runs');
      assert.equal(daily.next, null);
    });
  });
}
