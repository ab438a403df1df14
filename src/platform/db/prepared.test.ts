import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, testBackends } from '../../../test/harness/database.ts';
import type { Database } from './client.ts';
import { queryRows } from './prepared.ts';
import { withTransaction } from './transaction.ts';

type Row = { at: Date; tags: string[]; doc: { a: number }; n: number; t: string };
const statement = (prepare: boolean) => ({
  text: `select $1::timestamptz as at, array['x', $2] as tags, json_build_object('a', $3::int) as doc,
    $3::int as n, $2::text as t`,
  values: [new Date('2026-11-22T10:00:00.123Z'), 'y', 7],
  prepare,
});

for (const backend of testBackends()) {
  describe(`hand-written statements [${backend}]`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(backend);
    });
    after(() => database.close());

    test('rows come back with the driver types, prepared or not, in a transaction or not', async () => {
      const expected: Row = {
        at: new Date('2026-11-22T10:00:00.123Z'),
        tags: ['x', 'y'],
        doc: { a: 7 },
        n: 7,
        t: 'y',
      };
      for (const prepare of [true, false, true]) {
        assert.deepEqual(await queryRows<Row>(database.db, statement(prepare)), [expected]);
        const inTx = await withTransaction(database.db, (tx) => queryRows<Row>(tx, statement(prepare)));
        assert.deepEqual(inTx, [expected]);
      }
    });

    test('a statement inside a transaction sees its writes and is rolled back with it', async () => {
      await assert.rejects(
        withTransaction(database.db, async (tx) => {
          await queryRows(tx, {
            text: `insert into counters (name, value) values ($1, 1)`,
            values: ['probe'],
            prepare: true,
          });
          const [seen] = await queryRows<{ value: string }>(tx, {
            text: 'select value::text from counters where name = $1',
            values: ['probe'],
            prepare: true,
          });
          assert.equal(seen?.value, '1');
          throw new Error('roll back');
        }),
        /roll back/,
      );
      const rows = await queryRows(database.db, {
        text: 'select 1 from counters where name = $1',
        values: ['probe'],
        prepare: false,
      });
      assert.equal(rows.length, 0);
    });
  });
}
