import { parseArgs } from 'node:util';
import type { DatabaseFacts } from './protocol.ts';
import type { Target } from './target.ts';

/** A plain text table: first row is the header, numbers right-aligned. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (/^[\d.,-]+( ms)?$/.test(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ');
  const [header, ...body] = cells;
  if (!header) return '';
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function formatDatabase(facts: DatabaseFacts): string {
  const s = facts.settings;
  const version = facts.version.split(' on ')[0] ?? facts.version;
  if (Object.keys(s).length === 0) return version;
  return `${version} · fsync=${s.fsync} synchronous_commit=${s.synchronous_commit} full_page_writes=${s.full_page_writes} wal_sync_method=${s.wal_sync_method} shared_buffers=${s.shared_buffers}`;
}

/**
 * Targets from the command line: PGlite unless --no-pglite, plus PostgreSQL from --database-url (or
 * DATABASE_URL) and from each --postgres label=url.
 */
export function parseTargets(args: string[]): {
  targets: Target[];
  values: Record<string, string | boolean>;
} {
  const { values } = parseArgs({
    args,
    options: {
      'database-url': { type: 'string' },
      postgres: { type: 'string', multiple: true },
      'no-pglite': { type: 'boolean', default: false },
      seconds: { type: 'string' },
      connections: { type: 'string' },
      incidents: { type: 'string' },
      only: { type: 'string' },
      filter: { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
    },
    strict: true,
  });
  const targets: Target[] = [];
  if (!values['no-pglite']) targets.push({ label: 'pglite', kind: 'pglite' });
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  if (url) targets.push({ label: 'postgresql', kind: 'postgres', url });
  for (const spec of values.postgres ?? []) {
    const eq = spec.indexOf('=');
    if (eq < 1) throw new Error(`--postgres wants label=postgres://…, got "${spec}"`);
    targets.push({ label: spec.slice(0, eq), kind: 'postgres', url: spec.slice(eq + 1) });
  }
  const flat: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(values))
    if (typeof v === 'string' || typeof v === 'boolean') flat[k] = v;
  return { targets, values: flat };
}

export const log = (message: string) => process.stderr.write(`${message}\n`);
