import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registerTestSource } from '../../test/fixtures/intake/sources.ts';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';
import { systemActor } from '../access/actor.ts';
import { appendAudit } from '../audit/append.ts';
import { appendAuditBatch, type BatchAuditEntry, chainEntries } from '../audit/append-batch.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { startBatch, writeBatch } from './ingest-store.ts';

/** What "open" means for dedup and correlation, and the audit chain under the one-statement group commit. */
for (const backend of testBackends()) {
  describe(`alert dedup and correlation [${backend}]`, () => {
    let t: TestCordon;
    let tool: { id: string; token: string };
    let delegate: { id: string; token: string };
    before(async () => {
      t = await startTestCordon(backend);
      tool = await registerTestSource(t, 'ids');
      delegate = await t.user('dora', ['security-delegate']);
    });
    after(() => t.close());

    const send = async (body: unknown) => {
      const res = await t.api('POST', '/api/v1/alerts', { token: tool.token, body });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items as { ref: string | null; result: string; count: number }[];
    };
    const event = async (ref: string) => {
      const res = await t.api('GET', `/api/v1/events/${ref}`, { token: delegate.token });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const dispose = async (ref: string, body: unknown) => {
      const res = await t.api('POST', `/api/v1/events/${ref}/disposition`, { token: delegate.token, body });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const verify = async () => (await t.api('GET', '/api/v1/audit/verify')).json();

    test('a dismissed event is not open: the next firing opens a new event', async () => {
      const alert = { title: 'Scanner noise from 192.0.2.50', fingerprint: 'noise-192.0.2.50' };
      const [first] = await send(alert);
      assert.ok(first?.ref);
      await dispose(first.ref, { action: 'dismiss', reason: 'benign' });
      const [again] = await send(alert);
      assert.equal(again?.result, 'created');
      assert.notEqual(again?.ref, first.ref);
      assert.equal((await event(first.ref)).count, 1);
    });

    test('alerts sharing a system a person reported join that incident; repeats count up until it closes', async () => {
      const report = await t.api('POST', '/api/v1/reports', {
        token: delegate.token,
        body: { title: 'Odd logins on db-07', description: 'Logins at night', systems: ['db-07'] },
      });
      assert.equal(report.statusCode, 201, report.body);
      const promoted = await dispose(report.json().ref, { action: 'promote', type: 'probe', severity: 'P3' });
      const key = promoted.event.disposition.incidentKey as string;
      const alert = { title: 'Failed logins on DB-07', entities: { hosts: ['DB-07'] } };
      const [linked] = await send(alert);
      assert.ok(linked?.ref);
      const e = await event(linked.ref);
      assert.equal(e.status, 'merged');
      assert.equal(e.disposition.incidentKey, key);
      assert.equal(e.disposition.rule, 'correlation');
      const [repeat] = await send(alert);
      assert.deepEqual(repeat, { ref: linked.ref, result: 'repeated', count: 2 });
      const closed = await t.api('POST', `/api/v1/incidents/${key}/transitions`, {
        token: delegate.token,
        body: { to: 'closed' },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      const [after] = await send(alert);
      assert.equal(after?.result, 'created');
      assert.notEqual(after?.ref, linked.ref);
      assert.equal((await event(after?.ref as string)).status, 'awaiting_triage');
    });

    test('a group commit whose audit head moved after it was read appends after the new head', async () => {
      const { db, clock } = t.cordon.deps;
      const entry = (ref: string): BatchAuditEntry => ({
        at: clock.now(),
        actorId: null,
        requestId: null,
        action: 'event.repeated',
        targetType: 'event',
        targetId: ref,
        incidentId: null,
        data: { added: 1, count: 2 },
      });
      const name = `event:${clock.now().getUTCFullYear()}`;
      const audited = await withTransaction(db, async (tx) => {
        const state = await startBatch(tx, name, [], []);
        // Another writer appends (and commits) between the read and the write. PGlite runs one transaction
        // at a time, so there no other writer can come between (it would wait for this one): only the
        // unmoved head is tried.
        if (backend === 'postgres')
          await withTransaction(db, (other) =>
            appendAudit(other, systemActor(), clock.now(), {
              action: 'test.interleaved',
              targetType: 'test',
            }),
          );
        const entries = [entry('EVT-TEST-1'), entry('EVT-TEST-2')];
        const result = await writeBatch(tx, {
          counter: { name, value: state.taken },
          events: [],
          repeats: [],
          audit: chainEntries(state.head, entries),
          changes: [],
        });
        if (!result.audited) await appendAuditBatch(tx, entries);
        return result.audited;
      });
      assert.equal(audited, backend === 'pglite');
      const v = await verify();
      assert.equal(v.ok, true, JSON.stringify(v));
      const log = (await t.api('GET', '/api/v1/audit?action=event.repeated')).json().items;
      assert.ok(log.some((a: { targetId: string }) => a.targetId === 'EVT-TEST-2'));
    });

    test('after promotions, correlations and repeats in one batch the audit chain verifies', async () => {
      const items = await send({
        alerts: [
          {
            title: 'Root shell on prod-db-02',
            labels: { category: 'privilege-escalation' },
            entities: { hosts: ['prod-db-02'] },
          },
          { title: 'Beacon from prod-db-02', entities: { hosts: ['prod-db-02'], ips: ['203.0.113.80'] } },
          { title: 'Beacon from prod-db-02', entities: { hosts: ['prod-db-02'], ips: ['203.0.113.80'] } },
          { title: 'Port scan', fingerprint: 'scan-1' },
          { title: 'Port scan', fingerprint: 'scan-1', status: 'resolved' },
        ],
      });
      assert.deepEqual(
        items.map((i) => i.result),
        ['created', 'created', 'repeated', 'created', 'resolved'],
      );
      const promoted = await event(items[0]?.ref as string);
      assert.equal(promoted.status, 'promoted');
      const merged = await event(items[1]?.ref as string);
      assert.equal(merged.status, 'merged');
      assert.equal(merged.disposition.incidentKey, promoted.disposition.incidentKey);
      assert.equal(merged.count, 2);
      assert.ok((await event(items[3]?.ref as string)).resolvedAt);
      const v = await verify();
      assert.equal(v.ok, true, JSON.stringify(v));
    });
  });
}
