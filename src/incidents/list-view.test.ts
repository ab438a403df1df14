import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';

type User = { id: string; token: string };

/**
 * The list builds its views in SQL (view-sql.ts) and a single read presents in TypeScript (present.ts):
 * the two must show an incident identically, in every state a field can be in.
 */
for (const backend of testBackends()) {
  describe(`incident list views [${backend}]`, () => {
    let t: TestCordon;
    let delegate: User;
    let engineer: User;
    const keys: string[] = [];
    const declare = async (body: Record<string, unknown>) => {
      const res = await t.api('POST', '/api/v1/incidents', { token: delegate.token, body });
      assert.equal(res.statusCode, 201, res.body);
      keys.push(res.json().key);
      return res.json().key as string;
    };
    const ok = async (method: 'POST' | 'PUT', url: string, body: Record<string, unknown>) => {
      const res = await t.api(method, url, { token: delegate.token, body });
      assert.equal(res.statusCode, 200, res.body);
    };

    before(async () => {
      t = await startTestCordon(backend);
      delegate = await t.user('delia', ['security-delegate']);
      engineer = await t.user('enzo', ['engineer']);
      // Bare: no assignee, no roles, no RCA, open.
      await declare({ title: 'Phishing wave', type: 'suspicious-email', severity: 'P3' });
      // Everything set: assignee, two role holders, RCA, classification, moved through phases, closed.
      const full = await declare({
        title: 'Crypto miner on "build" server \u2014 <b>ünïcødé</b>',
        type: 'malicious-code',
        severity: 'P1',
        summary: 'Line one\nline two\ttabbed "quoted" \\ backslash',
        assigneeId: engineer.id,
      });
      await ok('POST', `/api/v1/incidents/${full}/roles`, {
        role: 'incident-commander',
        userId: engineer.id,
      });
      await ok('POST', `/api/v1/incidents/${full}/roles`, {
        role: 'incident-response-team',
        userId: delegate.id,
      });
      await ok('PUT', `/api/v1/incidents/${full}/rca`, { body: 'Root cause: an exposed CI token.' });
      const patched = await t.api('PATCH', `/api/v1/incidents/${full}`, {
        token: delegate.token,
        body: {
          classification: 'Internal Confidential Information',
          location: 'Cloud provider account',
          likelihood: 'Has occurred',
        },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      await ok('POST', `/api/v1/incidents/${full}/transitions`, { to: 'containment' });
      await ok('POST', `/api/v1/incidents/${full}/transitions`, { to: 'closed' });
      // Restricted (suspected internal actor).
      await declare({
        title: 'Contractor copying exports',
        type: 'unauthorized-access',
        severity: 'P2',
        suspectedInternalActor: true,
      });
    });
    after(() => t.close());

    test('every incident in the list is shown exactly as reading it alone shows it', async () => {
      const list = await t.api('GET', '/api/v1/incidents?limit=200', { token: delegate.token });
      assert.equal(list.statusCode, 200, list.body);
      assert.match(String(list.headers['content-type']), /^application\/json/);
      const items = list.json().items as { key: string }[];
      assert.deepEqual(items.map((i) => i.key).sort(), [...keys].sort());
      for (const item of items) {
        const alone = await t.api('GET', `/api/v1/incidents/${item.key}`, { token: delegate.token });
        assert.deepEqual(item, alone.json(), `${item.key} differs between the list and a single read`);
      }
    });

    test('a renamed user and a removed role holder show in the list at once', async () => {
      const [, full] = keys;
      const admin = t.adminToken;
      const renamed = await t.api('PATCH', `/api/v1/users/${engineer.id}`, {
        token: admin,
        body: { name: 'Enzo Renamed' },
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      const afterRename = (
        await t.api('GET', '/api/v1/incidents?limit=200', { token: delegate.token })
      ).json();
      assert.equal(
        afterRename.items.find((i: { key: string }) => i.key === full).assignee.name,
        'Enzo Renamed',
      );
      const removed = await t.api(
        'DELETE',
        `/api/v1/incidents/${full}/roles/incident-response-team/${delegate.id}`,
        { token: delegate.token },
      );
      assert.equal(removed.statusCode, 200, removed.body);
      const listed = (await t.api('GET', '/api/v1/incidents?limit=200', { token: delegate.token })).json();
      const item = listed.items.find((i: { key: string }) => i.key === full);
      assert.equal(item.assignee.name, 'Enzo Renamed');
      assert.deepEqual(
        item.roles.map((r: { role: string; user: { name: string } }) => [r.role, r.user.name]),
        [['incident-commander', 'Enzo Renamed']],
      );
      const alone = (await t.api('GET', `/api/v1/incidents/${full}`, { token: delegate.token })).json();
      assert.deepEqual(item, alone);
    });

    test('open=true lists the open incidents, open=false the closed, with other filters', async () => {
      const keysOf = async (query: string) =>
        (await t.api('GET', `/api/v1/incidents?${query}`, { token: delegate.token }))
          .json()
          .items.map((i: { key: string }) => i.key);
      const [bare, full, restricted] = keys;
      assert.deepEqual(await keysOf('open=true'), [restricted, bare]);
      assert.deepEqual(await keysOf('open=false'), [full]);
      assert.deepEqual(await keysOf('open=false&severity=P1'), [full]);
      assert.deepEqual(await keysOf('open=true&severity=P1'), []);
    });

    test('a word search finds the newest matches, page by page, whether the word fills a page or not', async () => {
      const search = async (query: string) =>
        (await t.api('GET', `/api/v1/incidents?${query}`, { token: delegate.token })).json() as {
          items: { key: string }[];
          nextCursor: string | null;
        };
      const older = await declare({
        title: 'Ransomware note on a laptop',
        type: 'malicious-code',
        severity: 'P2',
      });
      const newer = await declare({
        title: 'Ransomware on the file server',
        type: 'malicious-code',
        severity: 'P1',
      });
      // Two matches, pages of one: the first search (the newest incidents) fills the page.
      const first = await search('q=ransomware&limit=1');
      assert.deepEqual(
        first.items.map((i) => i.key),
        [newer],
      );
      assert.ok(first.nextCursor);
      const second = await search(`q=ransomware&limit=1&cursor=${first.nextCursor}`);
      assert.deepEqual(
        second.items.map((i) => i.key),
        [older],
      );
      assert.equal(second.nextCursor, null);
      // One match, fewer than a page: the search over every incident answers.
      assert.deepEqual(
        (await search('q=miner')).items.map((i) => i.key),
        [keys[1]],
      );
      assert.deepEqual((await search('q=nothingmatchesthis')).items, []);
    });

    test('pages follow the cursor without repeating or skipping an incident', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/incidents?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await t.api('GET', url, { token: delegate.token })).json();
        assert.ok(page.items.length <= 1);
        seen.push(...page.items.map((i: { key: string }) => i.key));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, [...keys].reverse());
    });
  });
}
