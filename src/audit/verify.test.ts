import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';

for (const backend of testBackends()) {
  describe(`tamper-evident record [${backend}]`, () => {
    let t: TestCordon;
    let keys: string[] = [];
    before(async () => {
      t = await startTestCordon(backend);
      keys = [];
      for (const title of ['Port scan from 198.51.100.7', 'Phishing wave', 'Lost laptop']) {
        const res = await t.api('POST', '/api/v1/incidents', {
          body: { title, type: 'probe', severity: 'P3' },
        });
        assert.equal(res.statusCode, 201, res.body);
        keys.push(res.json().key);
        await t.api('POST', `/api/v1/incidents/${res.json().key}/timeline`, {
          body: { text: `note on ${title}` },
        });
      }
    });
    after(() => t.close());

    const db = () => t.cordon.database.db;
    const verify = async () => (await t.api('GET', '/api/v1/audit/verify')).json();

    test('an untouched record verifies', async () => {
      const result = await verify();
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.ok(result.audit.checked > 5);
      assert.ok(result.timelines.checked >= 6);
    });

    test('the database itself refuses to update or delete timeline and audit entries', async () => {
      const appendOnly = (error: Error) =>
        /append-only/.test(String((error.cause as Error | undefined)?.message));
      await assert.rejects(db().execute(sql`update timeline_entries set data = '{}'::jsonb`), appendOnly);
      await assert.rejects(db().execute(sql`delete from audit_log`), appendOnly);
    });

    test('verify names the first timeline entry altered in the database', async () => {
      const victim = keys[1];
      await db().transaction(async (tx) => {
        await tx.execute(sql`alter table timeline_entries disable trigger timeline_entries_append_only`);
        await tx.execute(sql`update timeline_entries set data = jsonb_set(data, '{text}', '"nothing to see"')
          where seq = 2 and incident_id = (select id from incidents where key = ${victim})`);
        await tx.execute(sql`alter table timeline_entries enable trigger timeline_entries_append_only`);
      });
      const result = await verify();
      assert.equal(result.ok, false);
      assert.deepEqual(result.timelines.firstBroken, {
        incidentKey: victim,
        seq: 2,
        reason: 'content does not match its hash',
      });
    });

    test('verify names the first audit entry altered in the database', async () => {
      await db().transaction(async (tx) => {
        await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
        await tx.execute(sql`update audit_log set action = 'nothing.happened' where seq = 3`);
        await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      });
      const result = await verify();
      assert.equal(result.audit.firstBroken.seq, 3);
      assert.equal(result.audit.firstBroken.reason, 'content does not match its hash');
    });
  });
}
