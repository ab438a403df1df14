import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { FakeClock } from '../../test/harness/clock.ts';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';
import { systemActor } from '../access/actor.ts';
import { AppError } from '../platform/errors.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { IncidentBatcher } from './declare-batcher.ts';
import { prepareDeclaration } from './declare-prepare.ts';
import { incidents } from './tables.ts';

const YEAR = 2026;
const keyOf = (n: number) => `INC-${YEAR}-${String(n).padStart(4, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface Stream {
  keys: Set<string>;
  waitFor(keys: string[], ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The live stream (`GET /api/v1/stream`) as a set of announced incident keys. */
async function openStream(url: string, token: string): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no body');
  const keys = new Set<string>();
  const pump = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const data = buffer
          .slice(0, i)
          .split('\n')
          .find((l) => l.startsWith('data: '));
        buffer = buffer.slice(i + 2);
        const key = data ? (JSON.parse(data.slice(6)) as { key?: string }).key : undefined;
        if (key) keys.add(key);
      }
    }
  })();
  return {
    keys,
    async waitFor(wanted, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!wanted.every((k) => keys.has(k)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      return wanted.every((k) => keys.has(k));
    },
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

for (const backend of testBackends()) {
  describe(`declaring with group commit [${backend}]`, () => {
    let t: TestCordon;
    let url: string;
    let delegate: { id: string; token: string };
    let engineer: { id: string; token: string };
    let declared = 0;
    const declare = (body: Record<string, unknown>, token = delegate.token) =>
      t.api('POST', '/api/v1/incidents', { token, body });
    const verify = async () => {
      const res = await t.api('GET', '/api/v1/audit/verify', { token: delegate.token });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as {
        ok: boolean;
        audit: { checked: number; firstBroken: unknown };
        timelines: { incidents: number; checked: number; firstBroken: unknown };
      };
    };

    before(async () => {
      t = await startTestCordon(backend, { clock: new FakeClock(`${YEAR}-03-02T09:00:00.000Z`) });
      url = await t.cordon.app.listen({ port: 0, host: '127.0.0.1' });
      delegate = await t.user('delia', ['security-delegate']);
      engineer = await t.user('enzo', ['engineer']);
    });
    after(() => t.close());

    test('200 concurrent declarations get gapless keys 0001..0200 in far fewer transactions, all announced live, every chain verified', async () => {
      const stream = await openStream(url, delegate.token);
      const responses = await Promise.all(
        range(1, 200).map((i) =>
          declare(
            {
              title: `Concurrent declaration ${i}`,
              type: i % 2 ? 'probe' : 'suspicious-email',
              severity: i % 3 ? 'P3' : 'P2',
              ...(i === 7 ? { suspectedInternalActor: true } : {}),
              ...(i === 9 ? { assigneeId: engineer.id } : {}),
            },
            i % 5 === 0 ? engineer.token : delegate.token,
          ),
        ),
      );
      for (const res of responses) assert.equal(res.statusCode, 201, res.body);
      const keys = responses.map((r) => r.json().key as string);
      assert.deepEqual([...keys].sort(), range(1, 200).map(keyOf), 'distinct, gapless, starting at 0001');
      declared = 200;

      const [tx] = await t.cordon.deps.db
        .select({ n: sql<number>`count(distinct ${incidents}.xmin::text)::int` })
        .from(incidents);
      assert.ok((tx?.n ?? 200) < 200, `200 declarations were written in ${tx?.n} transactions`);

      // The answer is built from what was written; it reads the same as the incident read back.
      for (const i of [1, 5, 7, 9, 200]) {
        const posted = responses[i - 1]?.json();
        const read = await t.api('GET', `/api/v1/incidents/${posted.key}`, { token: delegate.token });
        assert.equal(read.statusCode, 200, read.body);
        assert.deepEqual(posted, read.json(), `declaration ${i}`);
      }
      const internal = responses[6]?.json();
      assert.equal(internal.visibility, 'restricted', 'the internal-actor special case still applies');
      assert.equal(responses[8]?.json().assignee.id, engineer.id);
      assert.equal(responses[4]?.json().declaredBy.username, 'enzo');

      assert.ok(await stream.waitFor(keys), 'every declaration is announced on the live stream');
      await stream.close();

      const audit = await t.api('GET', '/api/v1/audit?action=incident.declared&limit=500', {
        token: delegate.token,
      });
      assert.equal(audit.statusCode, 200, audit.body);
      const entries = audit.json().items as { seq: number; targetId: string }[];
      assert.equal(entries.length, 200, 'one audit entry per incident');
      const bySeq = [...entries].sort((a, b) => a.seq - b.seq).map((e) => e.targetId);
      assert.deepEqual(bySeq, range(1, 200).map(keyOf), 'audit entries chained in key order');

      const v = await verify();
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.equal(v.timelines.incidents, 200);
    });

    test('a declaration the policy refuses fails alone, with its own 4xx; the others commit with gapless keys', async () => {
      const bodies: Record<string, unknown>[] = range(1, 30).map((i) => ({
        title: `Mixed batch ${i}`,
        type: 'probe',
        severity: 'P3',
      }));
      bodies[10] = { title: 'Unknown type', type: 'alien-invasion', severity: 'P3' };
      bodies[20] = {
        title: 'Ghost assignee',
        type: 'probe',
        severity: 'P3',
        assigneeId: '00000000-0000-4000-8000-000000000000',
      };
      const responses = await Promise.all(bodies.map((b) => declare(b)));
      assert.equal(responses[10]?.statusCode, 422, responses[10]?.body);
      assert.equal(responses[10]?.json().error.code, 'incident.unknown_type');
      assert.equal(responses[20]?.statusCode, 404, responses[20]?.body);
      assert.equal(responses[20]?.json().error.code, 'user.not_found');
      const good = responses.filter((_, i) => i !== 10 && i !== 20);
      for (const res of good) assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(
        good.map((r) => r.json().key as string).sort(),
        range(declared + 1, declared + 28).map(keyOf),
      );
      declared += 28;
      assert.equal((await verify()).ok, true);
    });

    test('a batch the database refuses is retried one by one: only the bad declaration fails', async () => {
      const db = t.cordon.deps.db;
      const policy = await getActivePolicy(db);
      const prepare = (title: string) =>
        prepareDeclaration(
          db,
          systemActor(),
          policy,
          { title, summary: '', type: 'probe', severity: 'P3', suspectedInternalActor: false },
          null,
        );
      const good = await Promise.all(range(1, 7).map((i) => prepare(`Shares a batch ${i}`)));
      // Something validation let through that the database refuses (jsonb has no NUL character).
      const placeholder = await prepare('placeholder');
      const bad = { ...placeholder, input: { ...placeholder.input, title: 'NUL \u0000 title' } };
      const batcher = t.cordon.deps.incidentBatcher;
      // Submitted in one tick, so they share a batch; that batch fails and each is retried on its own.
      const outcomes = await Promise.allSettled(
        [...good.slice(0, 4), bad, ...good.slice(4)].map((d) => batcher.declare(d)),
      );
      assert.equal(outcomes[4]?.status, 'rejected', 'the bad declaration fails');
      const written = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.key] : []));
      assert.equal(written.length, 7, 'every other declaration is written');
      assert.deepEqual(
        [...written].sort(),
        range(declared + 1, declared + 7).map(keyOf),
        'keys stay gapless: the failed batch took no numbers',
      );
      const [tx] = await db
        .select({ n: sql<number>`count(distinct ${incidents}.xmin::text)::int` })
        .from(incidents)
        .where(sql`${incidents.key} > ${keyOf(declared)}`);
      assert.equal(tx?.n, 7, 'written one by one after the shared batch failed');
      declared += 7;
      const v = await verify();
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.equal(v.timelines.incidents, declared);
    });

    test('promoting an event (inside triage’s transaction) continues the same gapless sequence', async () => {
      const report = await t.api('POST', '/api/v1/reports', {
        token: delegate.token,
        body: { title: 'Odd login from abroad', description: 'Seen in the VPN log.' },
      });
      assert.equal(report.statusCode, 201, report.body);
      const ref = report.json().ref as string;
      const [promoted, direct] = await Promise.all([
        t.api('POST', `/api/v1/events/${ref}/disposition`, {
          token: delegate.token,
          body: { action: 'promote', type: 'unauthorized-access', severity: 'P2' },
        }),
        declare({ title: 'Declared meanwhile', type: 'probe', severity: 'P3' }),
      ]);
      assert.equal(promoted.statusCode, 200, promoted.body);
      assert.equal(direct.statusCode, 201, direct.body);
      assert.deepEqual([promoted.json().incident.key, direct.json().key].sort(), [
        keyOf(declared + 1),
        keyOf(declared + 2),
      ]);
      declared += 2;
      assert.equal((await verify()).ok, true);
    });

    test('a full queue refuses with database.busy and a retry time; closing writes what was accepted', async () => {
      const db = t.cordon.deps.db;
      const policy = await getActivePolicy(db);
      const input = {
        title: 'Queued',
        summary: '',
        type: 'probe',
        severity: 'P3',
        suspectedInternalActor: false,
      };
      const prepare = () => prepareDeclaration(db, systemActor(), policy, input, null);
      const small = new IncidentBatcher(t.cordon.deps, { maxQueue: 1, maxBatch: 1 });
      const first = await prepare();
      const second = await prepare();
      const accepted = small.declare(first);
      const refused = await small.declare(second).catch((e: unknown) => e);
      assert.ok(refused instanceof AppError && refused.code === 'database.busy', String(refused));
      assert.ok((refused.details as { retryAfterSeconds: number }).retryAfterSeconds >= 1);
      await small.close();
      assert.equal((await accepted).key, keyOf(declared + 1), 'accepted before closing, written by close');
      declared += 1;
      const late = await small.declare(second).catch((e: unknown) => e);
      assert.ok(late instanceof AppError && late.code === 'database.busy', 'a closed batcher takes no work');
    });
  });
}
