/**
 * List, filter and timeline latency on a realistic volume: 100,000 incidents and about 1,000,000 timeline
 * entries bulk-seeded with SQL (bench/lib/seed.ts), then 50 concurrent clients (autocannon) per query:
 * `GET /api/v1/incidents` with filters, text search and a second page, as a Security Delegate (reads
 * everything) and as a plain engineer (the need-to-know filter applies), and `GET /incidents/{key}/timeline`.
 * Ends with all queries mixed in one run.
 *
 *   node bench/list.ts [--database-url postgres://…] [--no-pglite] [--seconds 4] [--incidents 100000]
 *                      [--filter 'delegate list'] (only the queries whose "who name" contains the text; no mix)
 */
import type { AutocannonRequest } from 'autocannon';
import { bearer, type LoadResult, runLoad, waitForQuiet } from './lib/load.ts';
import { formatMachine, machineFacts } from './lib/machine.ts';
import type { DatabaseFacts, SeedReport } from './lib/protocol.ts';
import { formatDatabase, log, parseTargets, table } from './lib/report.ts';
import { type BenchServer, startBenchServer, type Target } from './lib/target.ts';

export interface ListResult {
  target: string;
  database: DatabaseFacts;
  seed: SeedReport;
  startSeconds: number;
  queries: (LoadResult & { who: string })[];
  mixed: LoadResult;
}

interface QuerySpec {
  name: string;
  who: 'delegate' | 'engineer';
  /** A fixed path, or one drawn per request (rotating keys). */
  path: string | (() => string);
}

const USERS = [
  { username: 'bench-delegate', roles: ['security-delegate'] },
  { username: 'bench-engineer', roles: ['engineer'] },
  ...Array.from({ length: 30 }, (_, i) => ({
    username: `bench-responder-${String(i + 1).padStart(2, '0')}`,
    roles: [i % 3 === 0 ? 'incident-response-team' : 'engineer'],
  })),
];

function rotating(values: string[], make: (v: string) => string): () => string {
  let i = 0;
  return () => make(values[i++ % values.length] ?? '');
}

async function querySpecs(server: BenchServer): Promise<QuerySpec[]> {
  const sample = async (where: string) =>
    (
      await server.query(`select key from incidents where ${where} order by hashint4(ord::int) limit 500`)
    ).map((r) => String(r.key));
  const anyKeys = await sample('true');
  const normalKeys = await sample(`visibility = 'normal'`);
  const page1 = async (token: string) => {
    const res = await fetch(`${server.baseUrl}/api/v1/incidents`, { headers: bearer(token) });
    const body = (await res.json()) as { nextCursor: string | null };
    if (!body.nextCursor) throw new Error(`page 1 has no nextCursor (${res.status})`);
    return body.nextCursor;
  };
  const cursorDelegate = await page1(server.tokens['bench-delegate'] ?? '');
  const cursorEngineer = await page1(server.tokens['bench-engineer'] ?? '');
  const list = '/api/v1/incidents';
  return [
    { name: 'list, first page', who: 'delegate', path: list },
    { name: 'severity=P1', who: 'delegate', path: `${list}?severity=P1` },
    { name: 'phase=containment', who: 'delegate', path: `${list}?phase=containment` },
    { name: 'type=data-breach', who: 'delegate', path: `${list}?type=data-breach` },
    { name: 'open=true', who: 'delegate', path: `${list}?open=true` },
    { name: 'severity=P0&open=true', who: 'delegate', path: `${list}?severity=P0&open=true` },
    { name: 'q=ransomware', who: 'delegate', path: `${list}?q=ransomware` },
    { name: 'q=<incident key>', who: 'delegate', path: rotating(anyKeys, (k) => `${list}?q=${k}`) },
    { name: 'page 2 (cursor)', who: 'delegate', path: `${list}?cursor=${cursorDelegate}` },
    { name: 'list, first page', who: 'engineer', path: list },
    { name: 'severity=P0', who: 'engineer', path: `${list}?severity=P0` },
    { name: 'open=true', who: 'engineer', path: `${list}?open=true` },
    { name: 'q=ransomware', who: 'engineer', path: `${list}?q=ransomware` },
    { name: 'page 2 (cursor)', who: 'engineer', path: `${list}?cursor=${cursorEngineer}` },
    {
      name: 'timeline of a random incident',
      who: 'delegate',
      path: rotating(anyKeys, (k) => `${list}/${k}/timeline`),
    },
    {
      name: 'timeline of a random incident',
      who: 'engineer',
      path: rotating(normalKeys, (k) => `${list}/${k}/timeline`),
    },
  ];
}

function toRequest(server: BenchServer, spec: QuerySpec): AutocannonRequest {
  const headers = bearer(server.tokens[spec.who === 'delegate' ? 'bench-delegate' : 'bench-engineer'] ?? '');
  const { path } = spec;
  return typeof path === 'string'
    ? { method: 'GET', path, headers }
    : { method: 'GET', path: path(), headers, setupRequest: (r) => ({ ...r, path: path() }) };
}

export async function runList(
  target: Target,
  options: {
    seconds: number;
    mixedSeconds: number;
    connections: number;
    incidents: number;
    quietWait: number;
    filter?: string;
  },
): Promise<ListResult> {
  log(`[list/${target.label}] starting Cordon and seeding ${options.incidents} incidents …`);
  const server = await startBenchServer(target, { users: USERS, seedIncidents: options.incidents, log });
  try {
    const seed = server.seed;
    if (!seed) throw new Error('the server did not seed');
    log(
      `[list/${target.label}] seeded ${seed.incidents} incidents, ${seed.timelineEntries} timeline entries, ${seed.roles} role holders in ${seed.seconds.toFixed(1)} s (+ ${seed.analyzeSeconds.toFixed(1)} s VACUUM ANALYZE)`,
    );
    log(`[list/${target.label}] ${formatDatabase(server.database)}`);
    const filter = options.filter;
    const specs = (await querySpecs(server)).filter((s) => !filter || `${s.who} ${s.name}`.includes(filter));
    const watch = { serverPid: server.pid, postmasterPid: server.database.postmasterPid };
    const all = specs.map((s) => toRequest(server, s));
    await runLoad({
      name: 'warm-up',
      baseUrl: server.baseUrl,
      connections: options.connections,
      seconds: 3,
      requests: all,
      watch,
    });
    const queries: ListResult['queries'] = [];
    for (const spec of specs) {
      await waitForQuiet(options.quietWait);
      const result = await runLoad({
        name: spec.name,
        baseUrl: server.baseUrl,
        connections: options.connections,
        seconds: options.seconds,
        requests: [toRequest(server, spec)],
        watch,
      });
      queries.push({ ...result, who: spec.who });
      log(
        `[list/${target.label}] ${spec.who.padEnd(8)} ${spec.name.padEnd(30)} ${String(result.perSecond).padStart(7)} req/s  p50 ${result.p50} ms  p95 ${result.p95} ms  p99 ${result.p99} ms${result.non2xx ? `  NON-2XX ${result.non2xx}: ${result.firstError}` : ''}`,
      );
    }
    await waitForQuiet(options.quietWait);
    const mixed = await runLoad({
      name: 'all of the above, mixed',
      baseUrl: server.baseUrl,
      connections: options.connections,
      seconds: options.mixedSeconds,
      requests: all,
      watch,
    });
    return {
      target: target.label,
      database: server.database,
      seed,
      startSeconds: server.startSeconds,
      queries,
      mixed,
    };
  } finally {
    await server.stop();
  }
}

export function listTable(r: ListResult): string {
  const cpu = (l: LoadResult) =>
    `${l.cpu.server}/${l.cpu.postgres ?? '-'}/${l.cpu.loadGenerator}/${l.cpu.other}`;
  return table([
    ['who', 'query', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-2xx', 'cores srv/pg/gen/other'],
    ...r.queries.map((q) => [
      q.who,
      q.name,
      q.perSecond,
      q.p50,
      q.p95,
      q.p99,
      q.max,
      q.non2xx + q.errors,
      cpu(q),
    ]),
    [
      'both',
      r.mixed.name,
      r.mixed.perSecond,
      r.mixed.p50,
      r.mixed.p95,
      r.mixed.p99,
      r.mixed.max,
      r.mixed.non2xx + r.mixed.errors,
      cpu(r.mixed),
    ],
  ]);
}

if (import.meta.main) {
  const { targets, values } = parseTargets(process.argv.slice(2));
  const options = {
    seconds: Number(values.seconds ?? 4),
    mixedSeconds: 10,
    connections: Number(values.connections ?? 50),
    incidents: Number(values.incidents ?? 100_000),
    quietWait: 10,
    filter: typeof values.filter === 'string' ? values.filter : undefined,
  };
  console.log(formatMachine(machineFacts()));
  for (const target of targets) {
    const r = await runList(target, options);
    console.log(`\n${r.target}: ${formatDatabase(r.database)}`);
    console.log(
      `${r.target}: ${r.seed.incidents} incidents (${r.seed.open} open, ${r.seed.restricted} restricted), ${r.seed.timelineEntries} timeline entries; ${options.connections} connections, ${options.seconds} s per query`,
    );
    console.log(listTable(r));
  }
}
