import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { registerTestSource } from '../../test/fixtures/intake/sources.ts';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';
import { systemActor } from '../access/actor.ts';
import { appendAudit } from '../audit/append.ts';
import { appendAuditBatch, type BatchAuditEntry, chainEntries } from '../audit/append-batch.ts';
import { withPipelinedTransaction } from '../platform/db/pipelined-transaction.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { startBatch, writeBatch, writeBatchAndCommit } from './ingest-store.ts';

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

    const repeatedEntry = (ref: string): BatchAuditEntry => ({
      at: t.cordon.deps.clock.now(),
      actorId: null,
      requestId: null,
      action: 'event.repeated',
      targetType: 'event',
      targetId: ref,
      incidentId: null,
      data: { added: 1, count: 2 },
    });
    /** Another writer appends (and commits) between a batch's read and its write. */
    const interleave = () =>
      withTransaction(t.cordon.deps.db, (other) =>
        appendAudit(other, systemActor(), t.cordon.deps.clock.now(), {
          action: 'test.interleaved',
          targetType: 'test',
        }),
      );
    const counterValue = async (name: string) => {
      const result = (await t.cordon.deps.db.execute(
        sql`select value from counters where name = ${name}`,
      )) as unknown as { rows: { value: number | string }[] };
      return Number(result.rows[0]?.value ?? 0);
    };

    test('a group commit whose audit head moved after it was read appends after the new head', async () => {
      const { db, clock } = t.cordon.deps;
      const name = `event:${clock.now().getUTCFullYear()}`;
      const audited = await withPipelinedTransaction(db, async (p) => {
        const state = await startBatch(p, name, [], []);
        // PGlite runs one transaction at a time, so there no other writer can come between (it would wait
        // for this one): only the unmoved head is tried.
        if (backend === 'postgres') await interleave();
        const entries = [repeatedEntry('EVT-TEST-1'), repeatedEntry('EVT-TEST-2')];
        const result = await writeBatch(p, {
          counter: { name, value: state.taken },
          events: [],
          repeats: [],
          audit: chainEntries(state.head, entries),
          changes: [],
        });
        if (!result.audited) await appendAuditBatch(p.tx, entries);
        return result.audited;
      });
      assert.equal(audited, backend === 'pglite');
      const v = await verify();
      assert.equal(v.ok, true, JSON.stringify(v));
      const log = (await t.api('GET', '/api/v1/audit?action=event.repeated')).json().items;
      assert.ok(log.some((a: { targetId: string }) => a.targetId === 'EVT-TEST-2'));
    });

    test('a write sent with COMMIT writes nothing at all when the audit chain moved', async () => {
      const { db, clock } = t.cordon.deps;
      const name = `event:${clock.now().getUTCFullYear()}`;
      const before = await counterValue(name);
      const moved = await withPipelinedTransaction(db, async (p) => {
        const state = await startBatch(p, name, [], []);
        if (backend === 'postgres') await interleave();
        const result = await writeBatchAndCommit(
          p,
          { counter: { name, value: state.taken + 1 }, events: [], repeats: [], changes: [] },
          () => chainEntries(state.head, [repeatedEntry('EVT-TEST-3')]),
        );
        return result.chainMoved;
      });
      assert.equal(moved, backend === 'postgres');
      assert.equal(await counterValue(name), backend === 'pglite' ? before + 1 : before);
      const log = (await t.api('GET', '/api/v1/audit?action=event.repeated')).json().items;
      assert.equal(
        log.some((a: { targetId: string }) => a.targetId === 'EVT-TEST-3'),
        backend === 'pglite',
      );
      const v = await verify();
      assert.equal(v.ok, true, JSON.stringify(v));
    });

    // PostgreSQL only: PGlite runs one transaction at a time, so nothing can move the chain mid-write there.
    if (backend === 'postgres')
      test('a group commit whose audit chain moved while it wrote is written again, whole', async () => {
        const { db, clock } = t.cordon.deps;
        let release = () => {};
        const gate = new Promise<void>((r) => {
          release = r;
        });
        // Another writer holds the next audit entry, uncommitted, while the alert's group commit writes.
        const other = withTransaction(db, async (tx) => {
          await appendAudit(tx, systemActor(), clock.now(), { action: 'test.held', targetType: 'test' });
          await gate;
        });
        const sent = send({ title: 'Written twice, stored once', fingerprint: 'chain-moved-1' });
        for (let i = 0; i < 200; i++) {
          const waiting = (await db.execute(
            sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
          )) as unknown as { rows: { n: number }[] };
          if ((waiting.rows[0]?.n ?? 0) > 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        release();
        await other;
        const [item] = await sent;
        assert.equal(item?.result, 'created');
        assert.equal((await event(item?.ref as string)).count, 1);
        const log = (await t.api('GET', '/api/v1/audit?action=event.reported')).json().items;
        assert.equal(log.filter((a: { targetId: string }) => a.targetId === item?.ref).length, 1);
        const v = await verify();
        assert.equal(v.ok, true, JSON.stringify(v));
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
