import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testBackends } from '../../../test/harness/database.ts';
import { plainArray, textArray } from './arrays.ts';
import type { Database } from './client.ts';

const hostile = [
  'plain',
  '',
  'NULL',
  'null',
  ' leading and trailing ',
  'a,b',
  '{braces}',
  '"quoted"',
  'back\\slash',
  '\\"',
  'tab\there',
  'new\nline',
  'ünïcode € 😀',
  '{"json":"with \\"escapes\\""}',
  "it's",
  'non\u00a0breaking',
];

for (const backend of testBackends()) {
  describe(`array literals [${backend}]`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(backend);
    });
    after(() => database.close());

    const roundTrip = async (literal: string, type: string) => {
      const result = await database.db.execute(
        sql`select array_to_json(${literal}::${sql.raw(type)})::text as a`,
      );
      return JSON.parse((result as unknown as { rows: { a: string }[] }).rows[0]?.a ?? 'null');
    };

    test('every string, however hostile, comes back as sent, and null as null', async () => {
      const values = [...hostile, null];
      assert.deepEqual(await roundTrip(textArray(values), 'text[]'), values);
      assert.deepEqual(await roundTrip(textArray([]), 'text[]'), []);
      const nested = textArray([textArray(['host:a b', 'ip:1', '"x"']), textArray([])]);
      const rows = await database.db.execute(sql`select x::text[] as k from unnest(${nested}::text[]) as x`);
      assert.deepEqual(
        (rows as unknown as { rows: { k: string[] }[] }).rows.map((r) => r.k),
        [['host:a b', 'ip:1', '"x"'], []],
      );
    });

    test('values that need no quoting pass as they are', async () => {
      const values = ['0191f3c4-0000-7000-8000-000000000001', null];
      assert.deepEqual(await roundTrip(plainArray(values), 'uuid[]'), values);
      const at = plainArray(['2026-03-02T09:00:00.123Z', null]);
      const same = await database.db.execute(
        sql`select (${at}::timestamptz[])[1] = '2026-03-02T09:00:00.123Z'::timestamptz as same, (${at}::timestamptz[])[2] is null as empty`,
      );
      assert.deepEqual((same as unknown as { rows: unknown[] }).rows[0], { same: true, empty: true });
    });
  });
}
