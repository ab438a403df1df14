import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';

type Ref = { id: string; name: string; username: string } | null;
type Version = {
  version: number;
  active: boolean;
  createdBy: Ref;
  activatedBy: Ref;
  activatedAt: string | null;
};

for (const backend of testBackends()) {
  describe(`policy versions [${backend}]`, () => {
    let t: TestCordon;
    let admin: { id: string; token: string };
    before(async () => {
      t = await startTestCordon(backend);
      admin = await t.user('ada', ['administrator']);
    });
    after(async () => t?.close());

    test('activating a version is audited, and the policy says who stored and who activated it', async () => {
      const active = (await t.api('GET', '/api/v1/policy', { token: admin.token })).json() as Version & {
        source: string;
      };
      // The default policy was loaded by the server itself at first start.
      assert.equal(active.createdBy, null);
      assert.equal(active.activatedBy, null);
      const source = active.source.replace('remediationSla: 90d', 'remediationSla: 60d');
      const uploaded = await t.api('POST', '/api/v1/policy', { token: admin.token, body: { source } });
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      const version = (uploaded.json() as Version).version;
      const activated = await t.api('POST', `/api/v1/policy/versions/${version}/activate`, {
        token: admin.token,
        body: {},
      });
      assert.equal(activated.statusCode, 200, activated.body);

      const ada = { id: admin.id, name: 'Ada', username: 'ada' };
      const now = (await t.api('GET', '/api/v1/policy', { token: admin.token })).json() as Version;
      assert.equal(now.version, version);
      assert.deepEqual(
        { createdBy: now.createdBy, activatedBy: now.activatedBy },
        { createdBy: ada, activatedBy: ada },
      );
      const list = (await t.api('GET', '/api/v1/policy/versions', { token: admin.token })).json() as {
        items: Version[];
      };
      const byVersion = new Map(list.items.map((v) => [v.version, v]));
      assert.deepEqual(byVersion.get(version)?.activatedBy, ada);
      assert.equal(byVersion.get(version)?.active, true);
      assert.equal(byVersion.get(1)?.active, false);
      assert.equal(byVersion.get(1)?.createdBy, null);

      const audit = await t.api('GET', '/api/v1/audit?action=policy.activated', { token: admin.token });
      assert.equal(audit.statusCode, 200, audit.body);
      const entries = (audit.json() as { items: { action: string; actor: { id: string } | null }[] }).items;
      assert.ok(
        entries.some((e) => e.action === 'policy.activated' && e.actor?.id === admin.id),
        JSON.stringify(entries),
      );
    });
  });
}
