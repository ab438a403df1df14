import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGenericFast, parseGenericListFast } from './fast-generic.ts';
import { genericAlertSchema } from './schemas.ts';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;

const strings = [
  'web-01',
  '  padded  ',
  '',
  '   ',
  'x'.repeat(200),
  'x'.repeat(201),
  'y'.repeat(500),
  'y'.repeat(501),
  'z'.repeat(512),
  'z'.repeat(513),
  'ünïcode 😀',
  '\t\nwhite\u00a0',
  'a'.repeat(32),
  'A'.repeat(128),
  'f'.repeat(129),
  ` ${'b'.repeat(64)} `,
  'not-hex-but-long-enough-to-be-a-digest-0000',
];
const odd = [null, 1, true, [], {}, ['web-01'], { a: 'b' }];

/** Valid alerts in the shapes tools send. */
function validAlert(next: () => number): Record<string, unknown> {
  const a: Record<string, unknown> = { title: `Failed SSH logins on host-${Math.floor(next() * 500)}` };
  if (next() < 0.7) a.severity = pick(next, ['critical', 'high', 'medium', 'low', 'info', 'unknown']);
  if (next() < 0.3) a.status = pick(next, ['firing', 'resolved']);
  if (next() < 0.7) a.labels = { category: 'failed-login', 'k8s.io/ns': 'prod', tool_1: '' };
  if (next() < 0.7)
    a.entities = {
      hosts: [' host-1 ', 'host-2'],
      ips: ['198.51.100.7'],
      ...(next() < 0.3 ? { hashes: [`${'e3b0c442'.repeat(8)}`] } : {}),
      ...(next() < 0.2 ? { accounts: ['mallory'], files: ['/usr/bin/sudo'] } : {}),
    };
  if (next() < 0.5) a.fingerprint = `fp-${Math.floor(next() * 1e6)}`;
  if (next() < 0.2) a.externalId = ' ext-1 ';
  if (next() < 0.2) a.description = 'three failures in a minute';
  if (next() < 0.2) a.observedAt = pick(next, ['2026-03-02T09:00:00Z', '2026-03-02T09:00:00.123+01:00']);
  if (next() < 0.1) a.source = ' edr ';
  return a;
}

/** The same alert with one thing changed, often into something zod refuses. */
function mutate(next: () => number, a: Record<string, unknown>): unknown {
  const b: Record<string, unknown> = structuredClone(a);
  const field = pick(next, [
    'title',
    'severity',
    'status',
    'labels',
    'entities',
    'fingerprint',
    'externalId',
    'description',
    'observedAt',
    'source',
    'extra',
  ]);
  const r = next();
  if (field === 'labels') {
    b.labels =
      r < 0.3
        ? {
            [pick(next, ['1bad', 'ok', 'spa ce', 'x'.repeat(129), 'a:b/c-d.e'])]: pick(next, [
              ...strings,
              ...odd,
            ]),
          }
        : r < 0.5
          ? Object.fromEntries(Array.from({ length: 60 + Math.floor(next() * 10) }, (_, i) => [`k${i}`, 'v']))
          : pick(next, odd);
  } else if (field === 'entities') {
    const kind = pick(next, ['hosts', 'accounts', 'ips', 'hashes', 'files', 'devices']);
    b.entities =
      r < 0.6
        ? { [kind]: [pick(next, [...strings, ...odd])] }
        : r < 0.8
          ? { [kind]: Array.from({ length: 99 + Math.floor(next() * 3) }, () => 'h') }
          : pick(next, odd);
  } else if (field === 'observedAt') {
    b.observedAt = pick(next, ['2026-03-02', '2026-03-02T09:00:00', 'yesterday', '2026-13-02T09:00:00Z', 7]);
  } else if (field === 'extra') {
    b[pick(next, ['alerts', 'Title', 'constructor', 'toString'])] = 'x';
  } else {
    b[field] = pick(next, [...strings, ...odd, 'critical', 'firing', 'resolved', 'apocalyptic']);
  }
  return b;
}

test('the fast path gives what zod gives, or steps aside', () => {
  const next = random(7);
  let fastOnValid = 0;
  let valid = 0;
  for (let i = 0; i < 20_000; i++) {
    const base = validAlert(next);
    const input = next() < 0.4 ? base : mutate(next, base);
    const z = genericAlertSchema.safeParse(input);
    const fast = parseGenericFast(input);
    if (fast !== undefined) {
      assert.ok(z.success, `fast accepted what zod refuses: ${JSON.stringify(input)}`);
      // Same values, same key order (stored JSON and fingerprints are built from them).
      assert.equal(JSON.stringify(fast), JSON.stringify(z.data), JSON.stringify(input));
    }
    if (z.success) {
      valid += 1;
      if (fast !== undefined) fastOnValid += 1;
    }
  }
  assert.ok(valid > 5000, `${valid} valid alerts generated`);
  assert.equal(fastOnValid, valid, 'every valid alert of these shapes takes the fast path');
});

test('lists take the fast path only when every alert does, and only within the size limit', () => {
  const ok = { title: 'a' };
  assert.equal(parseGenericListFast([ok, ok], 1000)?.length, 2);
  assert.equal(parseGenericListFast([ok, { title: '' }], 1000), undefined);
  assert.equal(parseGenericListFast([], 1000), undefined);
  assert.equal(parseGenericListFast([ok, ok], 1), undefined);
  assert.equal(parseGenericListFast({ title: 'a' }, 1000), undefined);
});
