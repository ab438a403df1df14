import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testBackends } from '../../../test/harness/database.ts';
import type { Database } from './client.ts';
import { withPipelinedTransaction } from './pipelined-transaction.ts';
import { atEnd } from './transaction.ts';

for (const backend of testBackends()) {
  describe(`pipelined transactions [${backend}]`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(backend);
    });
    after(() => database.close());

    const insert = (name: string) => sql`insert into counters (name, value) values (${name}, 1)`;
    const names = async (prefix: string) =>
      (
        (await database.db.execute(
          sql`select name from counters where name like ${`${prefix}%`} order by name`,
        )) as unknown as { rows: { name: string }[] }
      ).rows.map((r) => r.name);

    test('BEGIN with the first statement, COMMIT with the last: all of it commits', async () => {
      const rows = await withPipelinedTransaction(database.db, async (t) => {
        await t.beginWith(insert('ok-1'));
        await t.run(insert('ok-2'));
        return t.commitWith<{ name: string }>(sql`${insert('ok-3')} returning name`);
      });
      assert.deepEqual(rows, [{ name: 'ok-3' }]);
      assert.deepEqual(await names('ok-'), ['ok-1', 'ok-2', 'ok-3']);
    });

    test('statements sent without waiting are answered in order', async () => {
      await withPipelinedTransaction(database.db, async (t) => {
        await t.beginWith(insert('order-1'));
        const first = t.run<{ n: number }>(
          sql`select count(*)::int as n from counters where name like 'order-%'`,
        );
        const second = t.run(insert('order-2'));
        const last = t.commitWith<{ n: number }>(
          sql`select count(*)::int as n from counters where name like 'order-%'`,
        );
        const [a, , c] = await Promise.all([first, second, last]);
        assert.equal(a[0]?.n, 1);
        assert.equal(c[0]?.n, 2);
      });
    });

    test('a statement that fails with COMMIT behind it rolls all back, and the connection stays usable', async () => {
      await withPipelinedTransaction(database.db, async (t) => {
        await t.beginWith(insert('dup-0'));
        return t.commitWith(sql`select 1`);
      });
      await assert.rejects(
        withPipelinedTransaction(database.db, async (t) => {
          await t.beginWith(insert('dup-1'));
          const sent = t.run(insert('dup-2'));
          const failed = t.commitWith(insert('dup-0'));
          await sent;
          return failed;
        }),
        // Drizzle (PGlite) wraps the driver's error as its cause.
        (e: { code?: string; cause?: { code?: string } }) => (e.code ?? e.cause?.code) === '23505',
      );
      assert.deepEqual(await names('dup-'), ['dup-0']);
      for (let i = 0; i < 12; i++)
        await withPipelinedTransaction(database.db, async (t) => t.beginWith(insert(`after-${i}`)));
      assert.equal((await names('after-')).length, 12);
    });

    test('work that fails after BEGIN is rolled back', async () => {
      await assert.rejects(
        withPipelinedTransaction(database.db, async (t) => {
          await t.beginWith(insert('gone-1'));
          await t.run(insert('gone-2'));
          throw new Error('refused');
        }),
        /refused/,
      );
      assert.deepEqual(await names('gone-'), []);
    });

    test('atEnd work keeps COMMIT to itself: it runs before the COMMIT the transaction sends', async () => {
      const order: string[] = [];
      await withPipelinedTransaction(database.db, async (t) => {
        await t.beginWith(insert('end-1'));
        assert.equal(t.canCommitWith(), true);
        await atEnd(t.tx, async () => {
          order.push('end');
          await t.run(insert('end-2'));
        });
        assert.equal(t.canCommitWith(), false);
        await assert.rejects(t.commitWith(sql`select 1`), /atEnd/);
        order.push('work');
      });
      assert.deepEqual(order, ['work', 'end']);
      assert.deepEqual(await names('end-'), ['end-1', 'end-2']);
    });
  });
}
