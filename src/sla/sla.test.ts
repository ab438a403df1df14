import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../../test/fakes/world.ts';
import { days, hours } from '../../test/harness/clock.ts';
import { testBackends } from '../../test/harness/database.ts';
import { readSla } from './clock.ts';

describe('the SLA clock, as rules', () => {
  const start = new Date('2026-03-02T09:00:00Z');
  const due = new Date(start.getTime() + days(14));
  const at = (ms: number) => new Date(start.getTime() + ms);
  const read = (now: Date, closedAt: Date | null = null) =>
    readSla({ startedAt: start, dueAt: due, closedAt, warnAt: [50, 75, 90] }, now).state;

  test('on track, at risk from the first threshold, breached after the due time', () => {
    assert.equal(read(at(days(6))), 'on_track');
    assert.equal(read(at(days(7))), 'at_risk');
    assert.equal(read(at(days(13))), 'at_risk');
    assert.equal(read(at(days(14) + 1)), 'breached');
  });

  test('met when closed by the due time; a late close stays breached', () => {
    assert.equal(read(at(days(30)), at(days(13))), 'met');
    assert.equal(read(at(days(30)), at(days(15))), 'breached');
  });
});

for (const backend of testBackends()) {
  describe(`remediation SLAs [${backend}]`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(backend);
    });
    after(() => w.close());

    const token = (who: string) => w.people[who]?.token ?? '';
    const declare = async (severity: string, assigneeId?: string) => {
      const res = await w.t.api('POST', '/api/v1/incidents', {
        token: token('delia'),
        body: {
          title: 'Stolen unencrypted laptop',
          type: 'lost-or-stolen-device',
          severity,
          ...(assigneeId ? { assigneeId } : {}),
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      await w.drain();
      return res.json().key as string;
    };
    const sla = async (key: string) =>
      (await w.t.api('GET', `/api/v1/incidents/${key}/sla`, { token: token('delia') })).json();
    const kinds = async (key: string) =>
      (await w.t.api('GET', `/api/v1/incidents/${key}/timeline`, { token: token('delia') })).json().items as {
        kind: string;
        data: Record<string, unknown>;
      }[];

    test('P1 incidents are closed within 14 days: at risk at 50%, the owner is reminded; breached at 14 days, the Delegate and management are told', async () => {
      const key = await declare('P1', w.people.enzo?.id);
      assert.equal((await sla(key)).state, 'on_track');
      const mark = w.smtp.messages.length;
      await w.advance(days(7));
      const risk = await sla(key);
      assert.equal(risk.state, 'at_risk');
      const reminder = (await kinds(key)).find((e) => e.kind === 'sla.at_risk');
      assert.equal(reminder?.data.percent, 50);
      const mails = w.smtp.messages.slice(mark);
      assert.ok(
        mails.some((m) => m.to.includes('enzo@example.com') && m.subject.includes('50%')),
        'the assignee is reminded',
      );
      assert.ok(
        mails.some((m) => m.to.includes('devops-queue@example.com')),
        "and the owner team's queue",
      );
      assert.ok(!mails.some((m) => m.to.includes('cathy@example.com')), 'management hears nothing yet');
      await w.advance(days(7));
      assert.equal((await sla(key)).state, 'breached');
      const late = w.smtp.messages.slice(mark);
      for (const to of ['delia@example.com', 'cathy@example.com', 'carl@example.com'])
        assert.ok(
          late.some((m) => m.to.includes(to) && m.subject.includes('breached')),
          `${to} hears of the breach`,
        );
      const timeline = (await kinds(key)).map((e) => e.kind);
      assert.deepEqual(
        timeline.filter((k) => k.startsWith('sla.')),
        ['sla.at_risk', 'sla.at_risk', 'sla.at_risk', 'sla.breached'],
        '50, 75 and 90 per cent, then the breach',
      );
      const list = await w.t.api('GET', '/api/v1/sla?state=breached', { token: token('delia') });
      assert.ok(list.json().items.some((i: { incidentKey: string }) => i.incidentKey === key));
    });

    test('an incident closed in time has met its SLA', async () => {
      const key = await declare('P3');
      await w.advance(days(10));
      const closed = await w.t.api('POST', `/api/v1/incidents/${key}/transitions`, {
        token: token('delia'),
        body: { to: 'closed' },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      await w.drain();
      assert.equal((await sla(key)).state, 'met');
      assert.ok((await kinds(key)).some((e) => e.kind === 'sla.met'));
      await w.advance(days(90));
      assert.ok(!(await kinds(key)).some((e) => e.kind === 'sla.breached'), 'a closed clock never breaches');
    });

    test('raising the severity moves the due time; an SLA already exceeded is breached at once', async () => {
      const key = await declare('P3');
      await w.advance(days(8));
      await w.t.api('POST', `/api/v1/incidents/${key}/severity`, {
        token: token('delia'),
        body: { severity: 'P0', reason: 'data is leaking' },
      });
      await w.drain();
      const now = await sla(key);
      assert.equal(now.state, 'breached');
      assert.equal(Date.parse(now.dueAt) - Date.parse(now.startedAt), days(7));
      await w.advance(hours(1));
      const breaches = (await kinds(key)).filter((e) => e.kind === 'sla.breached');
      assert.equal(breaches.length, 1, 'announced once');
    });
  });
}
