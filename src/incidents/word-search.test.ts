import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, lt, type SQL } from 'drizzle-orm';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';
import { incidents } from './tables.ts';
import {
  drivingWord,
  type ListRow,
  newestPage,
  plainWords,
  searchByWord,
  wordSearchSql,
} from './word-search.ts';

describe('which searches go through the word index', () => {
  test('plain words do, driven by the longest', () => {
    assert.deepEqual(plainWords('ransomware'), ['ransomware']);
    assert.deepEqual(plainWords('  payments   Ransomware note '), ['payments', 'Ransomware', 'note']);
    assert.equal(drivingWord(['payments', 'Ransomware', 'note']), 'Ransomware');
    assert.equal(drivingWord(['Ünïcødé', '2026']), 'Ünïcødé');
  });
  test('quotes, negation, "or" and punctuation do not', () => {
    for (const q of [
      '"ransomware note"',
      'ransomware -laptop',
      'ransomware or phishing',
      'OR',
      'payments-api',
      'a.b',
    ])
      assert.equal(plainWords(q), null, q);
  });
});

type Page = { items: { key: string }[]; nextCursor: string | null };

for (const backend of testBackends()) {
  describe(`word search [${backend}]`, () => {
    let t: TestCordon;
    let delegate: { id: string; token: string };
    let engineer: { id: string; token: string };
    const keyOf = new Map<string, string>();

    const declare = async (title: string, extra: Record<string, unknown> = {}) => {
      const res = await t.api('POST', '/api/v1/incidents', {
        token: delegate.token,
        body: { title, type: 'malicious-code', severity: 'P3', ...extra },
      });
      assert.equal(res.statusCode, 201, res.body);
      keyOf.set(title, res.json().key);
      return res.json().key as string;
    };
    /** Every page of a search, followed by its cursor. */
    const allPages = async (token: string, query: string, limit: number) => {
      const keys: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/incidents?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.api('GET', url, { token });
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json() as Page;
        keys.push(...page.items.map((i) => i.key));
        cursor = page.nextCursor;
      } while (cursor);
      return keys;
    };

    before(async () => {
      t = await startTestCordon(backend);
      delegate = await t.user('delia', ['security-delegate']);
      engineer = await t.user('enzo', ['engineer']);
      await declare('Ransomware note on a laptop');
      await declare('Phishing wave against payments');
      await declare('Ransomware on the payments file server', { severity: 'P1' });
      await declare('Insider copying payments data', {
        visibility: 'restricted',
        suspectedInternalActor: true,
      });
      await declare('Ransomware by an insider', { visibility: 'restricted', suspectedInternalActor: true });
      // Restricted, and the engineer is its assignee: theirs to see.
      await declare('Ransomware mailed by an insider', {
        visibility: 'restricted',
        suspectedInternalActor: true,
        assigneeId: engineer.id,
      });
      await declare('Beacon abc123 from host 123abc on v2 agent');
      await declare('Ünïcødé ransomware on build 2026');
      await declare('Port scan from 198.51.100.7', { summary: 'Ransomware staging suspected' });
      await declare('Ransomware note on a kiosk', { severity: 'P1' });
      await declare('Lost laptop');
    });
    after(async () => t?.close());

    test('plain words find exactly what the general search finds, page by page, for everyone', async () => {
      // A quoted word is the same query to websearch_to_tsquery, but never takes the word index.
      const quoted = (q: string) =>
        q
          .split(' ')
          .map((w) => `"${w}"`)
          .join(' ');
      for (const who of [delegate, engineer])
        for (const q of [
          'ransomware',
          'RANSOMWARE payments',
          'payments',
          'laptop',
          'ünïcødé',
          'kiosk',
          'nothing',
        ])
          for (const filter of ['', '&severity=P1'])
            for (const limit of [1, 2, 50]) {
              const viaWords = await allPages(who.token, `q=${encodeURIComponent(q)}${filter}`, limit);
              const general = await allPages(who.token, `q=${encodeURIComponent(quoted(q))}${filter}`, limit);
              assert.deepEqual(viaWords, general, `${q}${filter} limit ${limit}`);
            }
      // And the general search is right: newest first, restricted incidents only for the delegate.
      assert.deepEqual(await allPages(engineer.token, 'q=ransomware', 2), [
        keyOf.get('Ransomware note on a kiosk'),
        keyOf.get('Port scan from 198.51.100.7'),
        keyOf.get('Ünïcødé ransomware on build 2026'),
        keyOf.get('Ransomware mailed by an insider'),
        keyOf.get('Ransomware on the payments file server'),
        keyOf.get('Ransomware note on a laptop'),
      ]);
      assert.equal((await allPages(delegate.token, 'q=ransomware', 2)).length, 7);
    });

    test('a page the word index cannot fill within its window is finished by the general search', async () => {
      const db = t.cordon.deps.db;
      const general = (filters: SQL | undefined, q: string) => (below: number, take: number) =>
        newestPage(db, and(filters, lt(incidents.ord, below), wordSearchSql(q)), take, false);
      // Severity P1 admits two of the six ransomware incidents; a window of two looks at the newest two only.
      const filters = eq(incidents.severity, 'P1');
      const rows = await searchByWord(
        db,
        {
          words: ['ransomware'],
          q: 'ransomware',
          reach: { all: true },
          filters,
          cursor: null,
          take: 3,
          window: 2,
        },
        general(filters, 'ransomware'),
      );
      const keys = keysOfRows(rows);
      assert.deepEqual(keys, [
        keyOf.get('Ransomware note on a kiosk'),
        keyOf.get('Ransomware on the payments file server'),
      ]);
      // Within the window: the general search is not asked.
      const within = await searchByWord(
        db,
        {
          words: ['ransomware'],
          q: 'ransomware',
          reach: { all: true },
          filters: undefined,
          cursor: null,
          take: 2,
          window: 2,
        },
        () => Promise.reject(new Error('the window held the page')),
      );
      assert.equal(within.length, 2);
    });

    test("an incident made restricted leaves an outsider's word search, and comes back when made normal", async () => {
      const key = await declare('Keylogger on a reception desk');
      const visibility = async (to: string) => {
        const res = await t.api('PATCH', `/api/v1/incidents/${key}`, {
          token: delegate.token,
          body: { visibility: to },
        });
        assert.equal(res.statusCode, 200, res.body);
      };
      assert.deepEqual(await allPages(engineer.token, 'q=keylogger', 50), [key]);
      await visibility('restricted');
      assert.deepEqual(await allPages(engineer.token, 'q=keylogger', 50), []);
      assert.deepEqual(await allPages(delegate.token, 'q=keylogger', 50), [key]);
      await visibility('normal');
      assert.deepEqual(await allPages(engineer.token, 'q=keylogger', 50), [key]);
    });

    test('a changed title is searched by its new words, not its old ones', async () => {
      const key = await declare('Beaconing to a rare domain');
      assert.deepEqual(await allPages(delegate.token, 'q=beaconing', 50), [key]);
      const res = await t.api('PATCH', `/api/v1/incidents/${key}`, {
        token: delegate.token,
        body: { title: 'Exfiltration to a rare domain' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(await allPages(delegate.token, 'q=beaconing', 50), []);
      assert.deepEqual(await allPages(delegate.token, 'q=exfiltration', 50), [key]);
      assert.deepEqual(await allPages(delegate.token, 'q=rare domain', 50), [key]);
    });
  });
}

/** The incidents' keys of rows, in order. */
const keysOfRows = (rows: ListRow[]) => rows.map((r) => (JSON.parse(r.view) as { key: string }).key);
