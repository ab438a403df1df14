import { hash } from 'node:crypto';

/** The hash before the first entry of any chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level, so the same content always hashes the same way, whatever
 * order a JSONB column returns its keys in. Keys sort by UTF-16 code units (the default sort, and `<`);
 * `undefined` members are left out, as JSON.stringify leaves them out. Written with loops rather than
 * entries/filter/map/join: it runs once per audit entry, tens of thousands of times a second at alert
 * intake's rates (measured: 4.6 µs → 3.0 µs for an alert's audit entry).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** hash(n) = SHA-256(hash(n-1) ‖ canonical content(n)). Changing any entry changes every hash after it. */
export function chainHash(prevHash: string, content: unknown): string {
  return chainHashOfText(prevHash, canonicalJson(content));
}

/** `chainHash` for content already in canonical JSON (one-shot `hash`: half the cost of a Hash object). */
export function chainHashOfText(prevHash: string, canonical: string): string {
  return hash('sha256', `${prevHash}\n${canonical}`, 'hex');
}
