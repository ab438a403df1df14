import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase } from '../../../test/harness/database.ts';
import type { Database } from './client.ts';
import { queryRows } from './prepared.ts';
import { atEnd, withTransaction } from './transaction.ts';

describe('work at the end of a transaction', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase('pglite');
  });
  after(() => database.close());

  const insert = (tx: Database['db'], name: string) =>
    queryRows(tx, {
      text: 'insert into counters (name, value) values ($1, 1)',
      values: [name],
      prepare: false,
    });
  const names = async () =>
    (
      await queryRows<{ name: string }>(database.db, {
        text: 'select name from counters order by name',
        values: [],
        prepare: false,
      })
    ).map((r) => r.name);

  test('runs after the use case’s own work, in order, and commits with it', async () => {
    const order: string[] = [];
    await withTransaction(database.db, async (tx) => {
      await atEnd(tx, async () => {
        order.push('end 1');
        await insert(tx, 'end-1');
      });
      await atEnd(tx, async () => {
        order.push('end 2');
      });
      order.push('work');
      await insert(tx, 'work');
    });
    assert.deepEqual(order, ['work', 'end 1', 'end 2']);
    assert.deepEqual(await names(), ['end-1', 'work']);
  });

  test('does not run when the work fails, and nothing is written', async () => {
    let ran = false;
    await assert.rejects(
      withTransaction(database.db, async (tx) => {
        await atEnd(tx, async () => {
          ran = true;
        });
        await insert(tx, 'doomed');
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal(ran, false);
    assert.ok(!(await names()).includes('doomed'));
  });

  test('outside a transaction it runs at once', async () => {
    let ran = false;
    await atEnd(database.db, async () => {
      ran = true;
    });
    assert.equal(ran, true);
  });
});
