/**
 * Where the time goes, for the figures bench/run.ts prints. On one PostgreSQL target (pg_stat_statements
 * preloaded, as bench/pg-durable.sh does) it repeats the declare load and a few list loads and reports:
 *   - per statement: calls, mean and total execution time inside PostgreSQL (pg_stat_statements);
 *   - what the server's connections were doing, sampled every 20 ms (pg_stat_activity: running, waiting
 *     for a lock, idle in transaction waiting for Node, idle in the pool);
 *   - the server process's own CPU time by package and function (V8 CPU profile of the load window);
 *   - EXPLAIN (ANALYZE, BUFFERS) of the list queries on 100,000 seeded incidents.
 *
 *   node bench/diagnose.ts --postgres durable=postgres://cordon@127.0.0.1:54341/postgres [--seconds 8] [--only list]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AutocannonRequest } from 'autocannon';
import pg from 'pg';
import { declarationBody } from './declare.ts';
import { bearer, runLoad } from './lib/load.ts';
import { formatMachine, machineFacts } from './lib/machine.ts';
import { summariseProfile } from './lib/profile.ts';
import { formatDatabase, log, parseTargets, table } from './lib/report.ts';
import { type BenchServer, startBenchServer, type Target } from './lib/target.ts';

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Samples the server's connections while `work` runs: average number of backends in each state. */
async function sampleActivity<T>(
  url: string,
  work: () => Promise<T>,
): Promise<{ result: T; states: [string, number][] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ state: string; n: number }>(`
        select coalesce(state, '?') || case when state = 'active' and wait_event_type is not null
                 then ' (waiting: ' || wait_event_type || '/' || wait_event || ')'
               when state like 'idle%' then ' (' || coalesce(wait_event, '') || ')' else '' end as state,
               count(*)::int as n
        from pg_stat_activity
        where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
        group by 1`);
      samples += 1;
      for (const r of rows) counts.set(r.state, (counts.get(r.state) ?? 0) + r.n);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const result = await work();
    return {
      result,
      states: [...counts.entries()]
        .map(([k, v]) => [k, Math.round((v / Math.max(1, samples)) * 10) / 10] as [string, number])
        .sort((a, b) => b[1] - a[1]),
    };
  } finally {
    running = false;
    await loop;
    await client.end();
  }
}

async function statements(url: string, top: number, requests: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ query: string; calls: string; mean: number; total: number }>(`
      select regexp_replace(query, '\\s+', ' ', 'g') as query, calls, mean_exec_time as mean, total_exec_time as total
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc limit ${top}`);
    return table([
      ['calls', 'per request', 'mean ms', 'total ms', 'statement'],
      ...rows.map((r) => [
        Number(r.calls),
        Math.round((Number(r.calls) / Math.max(1, requests)) * 100) / 100,
        Math.round(r.mean * 100) / 100,
        Math.round(r.total),
        r.query.length > 150 ? `${r.query.slice(0, 147)}...` : r.query,
      ]),
    ]);
  } finally {
    await client.end();
  }
}

async function resetStatements(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('create extension if not exists pg_stat_statements');
  await client.query('select pg_stat_statements_reset()');
  await client.end();
}

async function measure(
  server: BenchServer,
  profileDir: string,
  name: string,
  requests: AutocannonRequest[],
  seconds: number,
): Promise<void> {
  const url = server.databaseUrl;
  if (!url) throw new Error('diagnose needs PostgreSQL');
  await resetStatements(url);
  const from = nowUs();
  const { result, states } = await sampleActivity(url, () =>
    runLoad({
      name,
      baseUrl: server.baseUrl,
      connections: 50,
      seconds,
      requests,
      watch: { serverPid: server.pid, postmasterPid: server.database.postmasterPid },
    }),
  );
  const to = nowUs();
  console.log(
    `\n=== ${name}: ${result.perSecond} req/s, p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms, non-2xx ${result.non2xx}`,
  );
  console.log(
    `cores busy: server ${result.cpu.server}, postgres ${result.cpu.postgres}, load generator ${result.cpu.loadGenerator}, other ${result.cpu.other}, idle ${result.cpu.idle}`,
  );
  console.log(
    `server CPU per request: ${((result.cpu.server * result.seconds * 1000) / result.requests).toFixed(2)} ms; PostgreSQL CPU per request: ${(((result.cpu.postgres ?? 0) * result.seconds * 1000) / result.requests).toFixed(2)} ms`,
  );
  console.log(`\nthe server's pool connections, average number in each state:`);
  console.log(table([['state', 'connections'], ...states]));
  console.log(`\nstatements by total time inside PostgreSQL (${result.requests} requests):`);
  console.log(await statements(url, 14, result.requests));
  // The profile is written when the server exits; keep the window and summarise it then.
  windows.push({ dir: profileDir, from, to, name });
}

const windows: { dir: string; from: number; to: number; name: string }[] = [];

function printProfiles(): void {
  for (const w of windows) {
    const p = summariseProfile(w.dir, w.from, w.to);
    console.log(
      `\n=== server CPU profile, ${w.name} (${p.sampledMs} ms sampled on the server's main thread)`,
    );
    console.log(
      table([
        ['self time by package/folder', 'ms', '%'],
        ...p.byCategory.map((c) => [c.name, c.ms, c.share]),
      ]),
    );
    console.log(
      table([['self time by function', 'ms', '%'], ...p.byFunction.map((c) => [c.name, c.ms, c.share])]),
    );
  }
  windows.length = 0;
}

const LIST_EXPLAINS: [string, string][] = [
  ['list, first page (delegate)', 'true'],
  ['severity=P1', `severity = 'P1'`],
  ['open=true', 'is_open = true'],
  ['type=data-breach', `type = 'data-breach'`],
  ['q=ransomware', `(search @@ websearch_to_tsquery('simple', 'ransomware') or key = upper('ransomware'))`],
  [
    'q=INC-2026-4242 (an incident key)',
    `(search @@ websearch_to_tsquery('simple', 'INC-2026-4242') or key = upper('INC-2026-4242'))`,
  ],
  ['q=INC-2026-4242 as an exact key lookup only', `key = upper('INC-2026-4242')`],
];

async function explainList(server: BenchServer): Promise<void> {
  const engineer = server.userIds['bench-engineer'] ?? '';
  const participant = `(declared_by = '${engineer}' or assignee_id = '${engineer}' or exists (
    select 1 from incident_roles where incident_roles.incident_id = incidents.id and incident_roles.user_id = '${engineer}' offset 0))`;
  const cases: [string, string][] = [
    ...LIST_EXPLAINS,
    ['list, first page (engineer: need-to-know)', `(visibility = 'normal' or ${participant})`],
    ['severity=P0 (engineer)', `(visibility = 'normal' or ${participant}) and severity = 'P0'`],
    [
      'q=ransomware (engineer)',
      `(visibility = 'normal' or ${participant}) and (search @@ websearch_to_tsquery('simple', 'ransomware') or key = upper('ransomware'))`,
    ],
  ];
  for (const [name, where] of cases) {
    const rows = await server.query(
      `explain (analyze, buffers) select * from incidents where ${where} order by ord desc limit 51`,
    );
    console.log(`\n--- EXPLAIN ANALYZE: ${name}`);
    console.log(rows.map((r) => String(r['QUERY PLAN'])).join('\n'));
  }
}

async function main(): Promise<void> {
  const { targets, values } = parseTargets(['--no-pglite', ...process.argv.slice(2)]);
  const target = targets[0];
  if (target?.kind !== 'postgres') throw new Error('give one PostgreSQL target: --postgres label=url');
  const seconds = Number(values.seconds ?? 8);
  console.log(formatMachine(machineFacts()));

  // 1. Declare (--only list skips it).
  if (values.only !== 'list') await diagnoseDeclare(target, seconds);
  await diagnoseList(target, seconds, Number(values.incidents ?? 100_000));
}

async function diagnoseDeclare(target: Target, seconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-prof-'));
  const server = await startBenchServer(target, {
    users: [{ username: 'bench-delegate', roles: ['security-delegate'] }],
    seedIncidents: 0,
    log,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  console.log(`${target.label}: ${formatDatabase(server.database)}`);
  try {
    let n = 0;
    const declare: AutocannonRequest[] = [
      {
        method: 'POST',
        path: '/api/v1/incidents',
        headers: { ...bearer(server.tokens['bench-delegate'] ?? ''), 'content-type': 'application/json' },
        setupRequest: (r) => ({ ...r, body: declarationBody(n++) }),
      },
    ];
    await runLoad({
      name: 'warm-up',
      baseUrl: server.baseUrl,
      connections: 10,
      seconds: 2,
      requests: declare,
      watch: { serverPid: server.pid, postmasterPid: null },
    });
    await measure(server, dir, 'POST /api/v1/incidents', declare, seconds);
  } finally {
    await server.stop();
  }
  printProfiles();
  rmSync(dir, { recursive: true, force: true });
}

/** 2. List on 100,000 incidents. */
async function diagnoseList(target: Target, seconds: number, incidents: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-prof-'));
  const server = await startBenchServer(target, {
    users: [
      { username: 'bench-delegate', roles: ['security-delegate'] },
      { username: 'bench-engineer', roles: ['engineer'] },
      ...Array.from({ length: 30 }, (_, i) => ({
        username: `bench-responder-${i + 10}`,
        roles: ['engineer'],
      })),
    ],
    seedIncidents: incidents,
    log,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  try {
    await explainList(server);
    const get = (who: string, path: string): AutocannonRequest => ({
      method: 'GET',
      path,
      headers: bearer(server.tokens[who] ?? ''),
    });
    await runLoad({
      name: 'warm-up',
      baseUrl: server.baseUrl,
      connections: 50,
      seconds: 2,
      requests: [get('bench-delegate', '/api/v1/incidents')],
      watch: { serverPid: server.pid, postmasterPid: null },
    });
    await measure(
      server,
      dir,
      'GET /api/v1/incidents (delegate, first page)',
      [get('bench-delegate', '/api/v1/incidents')],
      seconds,
    );
    await measure(
      server,
      dir,
      'GET /api/v1/incidents (engineer, first page)',
      [get('bench-engineer', '/api/v1/incidents')],
      seconds,
    );
    await measure(
      server,
      dir,
      'GET /api/v1/incidents?limit=1 (delegate: the fixed per-request cost)',
      [get('bench-delegate', '/api/v1/incidents?limit=1')],
      seconds,
    );
    const keys = (await server.query('select key from incidents order by hashint4(ord::int) limit 500')).map(
      (r) => String(r.key),
    );
    let k = 0;
    const timeline = get('bench-delegate', `/api/v1/incidents/${keys[0]}/timeline`);
    timeline.setupRequest = (r) => ({ ...r, path: `/api/v1/incidents/${keys[k++ % keys.length]}/timeline` });
    await measure(
      server,
      dir,
      'GET /api/v1/incidents/{key}/timeline (delegate, random keys)',
      [timeline],
      seconds,
    );
    await measure(
      server,
      dir,
      'GET /healthz (no auth, no database: the HTTP stack alone)',
      [get('bench-delegate', '/healthz')],
      seconds,
    );
  } finally {
    await server.stop();
  }
  printProfiles();
  rmSync(dir, { recursive: true, force: true });
}

await main();
