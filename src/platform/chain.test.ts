import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { canonicalJson, chainHash, GENESIS_HASH } from './chain.ts';

/** The canonical JSON hashes were first written with; any faster version must give the same text. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => reference(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

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

const strings = [
  '',
  'a',
  'B',
  'é',
  'ä',
  '\u0000',
  '"',
  '\\',
  '\n',
  '\ud83d\ude00',
  '\ud800',
  'Z',
  '_',
  '10',
  '2',
];

function value(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 3 || r < 0.35) {
    const p = next();
    if (p < 0.2) return null;
    if (p < 0.3) return undefined;
    if (p < 0.4) return next() < 0.5;
    if (p < 0.55) return Math.round((next() - 0.5) * 1e6) / (next() < 0.5 ? 1 : 7);
    if (p < 0.6) return new Date(Math.round(next() * 2e12));
    return strings[Math.floor(next() * strings.length)] ?? '';
  }
  if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 6); i > 0; i--) {
    const key = `${strings[Math.floor(next() * strings.length)]}${next() < 0.3 ? i : ''}`;
    out[key] = value(next, depth + 1);
  }
  return out;
}

test('canonical JSON is the text hashes were first written with, for any JSON-like value', () => {
  const next = random(42);
  for (let i = 0; i < 5000; i++) {
    const v = value(next, 0);
    assert.equal(canonicalJson(v), reference(v), JSON.stringify(v));
  }
  assert.equal(
    canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }] }),
    '{"a":[null,{"c":"x"}],"b":1}',
  );
});

test('the chain hash is SHA-256 of the previous hash, a newline and the canonical content', () => {
  const content = { b: 'ünïcode \ud83d\ude00', a: [1, null] };
  const expected = createHash('sha256')
    .update(GENESIS_HASH)
    .update('\n')
    .update(canonicalJson(content))
    .digest('hex');
  assert.equal(chainHash(GENESIS_HASH, content), expected);
});
