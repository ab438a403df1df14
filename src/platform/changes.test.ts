import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, testBackends } from '../../test/harness/database.ts';
import { announceChanges, CHANGES_CHANNEL, type Change, changePayloads, parseChanges } from './changes.ts';
import type { Database } from './db/client.ts';
import { listen } from './db/listen.ts';
import { withTransaction } from './db/transaction.ts';

/** Event changes as an alert group commit makes them, with non-ASCII in some to count bytes, not characters. */
const eventChanges = (n: number): Change[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'event',
    ref:
      i % 7 === 0 ? `EVT-2026-${String(i).padStart(6, '0')}-é€😀` : `EVT-2026-${String(i).padStart(6, '0')}`,
    incidentId: i % 3 === 0 ? null : '0192f2b4-8d1e-7c3a-9b1e-5f6a7b8c9d0e',
  }));

describe('change notifications', () => {
  test('one change is its own JSON object, as before batching', () => {
    const change: Change = { kind: 'policy', version: 3 };
    assert.deepEqual(changePayloads([change]), [JSON.stringify(change)]);
    assert.deepEqual(parseChanges(JSON.stringify(change)), [change]);
  });

  test('many changes travel in payloads under PostgreSQL’s 8000-byte limit, all of them, in order', () => {
    const changes = eventChanges(2_000);
    const payloads = changePayloads(changes);
    assert.ok(payloads.length > 1 && payloads.length < 100, `${payloads.length} payloads`);
    for (const p of payloads) assert.ok(Buffer.byteLength(p) < 8000, `${Buffer.byteLength(p)} bytes`);
    assert.deepEqual(payloads.flatMap(parseChanges), changes);
  });

  test('no changes, no notification', () => {
    assert.deepEqual(changePayloads([]), []);
  });
});

for (const backend of testBackends()) {
  describe(`change notifications [${backend}]`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(backend);
    });
    after(() => database.close());

    test('every change of a large transaction reaches a listener once it commits, none before', async () => {
      const heard: Change[] = [];
      const stop = await listen(database, CHANGES_CHANNEL, (payload) => heard.push(...parseChanges(payload)));
      try {
        const changes = eventChanges(1_500);
        await withTransaction(database.db, async (tx) => {
          await announceChanges(tx, changes);
          await new Promise((r) => setTimeout(r, 50));
          assert.equal(heard.length, 0, 'nothing is announced before commit');
        });
        const deadline = Date.now() + 5000;
        while (heard.length < changes.length && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(heard, changes);
      } finally {
        await stop();
      }
    });
  });
}
