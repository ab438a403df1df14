/**
 * bench/ingest: alert intake throughput on PostgreSQL and PGlite in one run (issue 5).
 *
 *   source scripts/pg-ci.sh && pg_ci_start
 *   BENCH_PG_URL=postgres://cordon@127.0.0.1:54329/postgres ./node_modules/.bin/node bench/ingest.ts
 *
 * For each database: single-alert requests, 100-alert batches with 10 % duplicates, and beside them the raw
 * batched-insert rate of the same event rows on the same database. Loopback only; every phase is bounded
 * (BENCH_SECONDS, default 10). Prints a table and a JSON line; checks nothing accepted was lost. Beside each
 * phase it prints the CPU spent per alert by the Cordon process, the PostgreSQL backends of the bench
 * database (when they run on this machine) and the load generator, and how idle the machine was: on a
 * small machine that is what bounds the rates.
 *
 * To look closer: BENCH_ONLY=postgres|pglite runs one database, BENCH_PHASES=single|batch one phase, and
 * BENCH_PROFILE_DIR=<dir> makes the Cordon process write a V8 CPU profile there (`--cpu-prof`).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import autocannon, { type AutocannonResult } from 'autocannon';
import pg from 'pg';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.CORDON_TEST_DATABASE_URL ?? null;
/** `postgres` or `pglite` to run one database only (default: both). */
const ONLY = process.env.BENCH_ONLY ?? null;
/** A folder: the Cordon process writes a V8 CPU profile (`--cpu-prof`) there, to read with bench/lib/profile.ts. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ?? null;
/** `single`, `batch` or both (default), comma-separated: profile one phase at a time. */
const PHASES = (process.env.BENCH_PHASES ?? 'single,batch').split(',');

interface Server {
  url: string;
  adminToken: string;
  pid: number;
  ask<T>(message: object, key: string): Promise<T>;
  stop(): Promise<void>;
}

async function startServer(databaseUrl: string | null): Promise<Server> {
  const child = fork(new URL('./ingest-server.ts', import.meta.url).pathname, [], {
    env: {
      ...process.env,
      ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : { BENCH_DATABASE_URL: '' }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
  });
  if (!databaseUrl) delete process.env.BENCH_DATABASE_URL;
  const ready = await new Promise<{ url: string; adminToken: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; adminToken: string }));
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return {
    ...ready,
    pid: child.pid ?? 0,
    ask: (message, key) =>
      new Promise((resolve) => {
        const on = (m: Record<string, unknown>) => {
          if (key in m) {
            child.off('message', on);
            resolve(m[key] as never);
          }
        };
        child.on('message', on);
        child.send(message);
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ cmd: 'stop' });
      }),
  };
}

/** Alert n of the run; every tenth repeats an earlier fingerprint (10 % duplicates). */
const alert = (n: number) => {
  const id = n % 10 === 9 ? n - 5 : n;
  return {
    title: `Failed SSH logins from 198.51.${id % 250}.${id % 200} on host-${id % 500}`,
    severity: 'medium',
    labels: { category: 'failed-login', tool: 'bench', env: 'production' },
    entities: { hosts: [`host-${id % 500}`], ips: [`198.51.${id % 250}.${id % 200}`] },
    fingerprint: `bench-${id}`,
  };
};

/** CPU milliseconds a process has used (Linux /proc; 0 where it cannot be read). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Idle CPU milliseconds of the whole machine, summed over its CPUs. */
const idleMs = () => Number(readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/)[4] ?? 0) * 10;

interface Cpu {
  server: number;
  postgres: Map<number, number>;
  self: number;
  idle: number;
  at: number;
}

async function cpuNow(server: Server, pg: pg.Client | null): Promise<Cpu> {
  const backends = pg
    ? (await pg.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()'))
        .rows
    : [];
  const usage = process.cpuUsage();
  return {
    server: cpuMs(server.pid),
    postgres: new Map(backends.map((b) => [b.pid, cpuMs(b.pid)])),
    self: (usage.user + usage.system) / 1000,
    idle: idleMs(),
    at: performance.now(),
  };
}

/** µs of CPU per alert between two readings; backends that appeared in between count whole. */
function cpuPerAlert(a: Cpu, b: Cpu, alerts: number) {
  let postgres = 0;
  for (const [pid, ms] of b.postgres) postgres += ms - (a.postgres.get(pid) ?? 0);
  const per = (ms: number) => Math.round((ms * 1000) / Math.max(1, alerts));
  return {
    serverUs: per(b.server - a.server),
    postgresUs: per(postgres),
    loadGeneratorUs: per(b.self - a.self),
    machineIdle: Math.round(((b.idle - a.idle) / ((b.at - a.at) * cpus().length)) * 100),
  };
}

async function load(
  server: Server,
  token: string,
  perRequest: number,
  connections: number,
  pgClient: pg.Client | null,
): Promise<{ result: AutocannonResult; sent: number; cpu: ReturnType<typeof cpuPerAlert> }> {
  let n = 0;
  let accepted = 0;
  const before = await cpuNow(server, pgClient);
  const result = await new Promise<AutocannonResult>((resolve, reject) =>
    autocannon(
      {
        url: `${server.url}/api/v1/alerts`,
        connections,
        duration: SECONDS,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest: (request) => {
              const batch = Array.from({ length: perRequest }, () => alert(n++));
              return { ...request, body: JSON.stringify(perRequest === 1 ? batch[0] : { alerts: batch }) };
            },
            onResponse: (status) => {
              if (status === 200) accepted += perRequest;
            },
          },
        ],
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    ),
  );
  return { result, sent: accepted, cpu: cpuPerAlert(before, await cpuNow(server, pgClient), accepted) };
}

async function benchDatabase(name: 'PostgreSQL' | 'PGlite', url: string | null) {
  let dbUrl = url;
  let drop: (() => Promise<void>) | null = null;
  if (url) {
    const dbName = `cordon_bench_ingest_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const settings = await admin.query(
      `select name, setting from pg_settings where name in ('fsync','synchronous_commit','full_page_writes','shared_buffers')`,
    );
    const version = await admin.query('select version() as v');
    await admin.end();
    console.log(
      `${name}: ${String(version.rows[0]?.v).split(',')[0]}; ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(' ')}`,
    );
    const u = new URL(url);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    };
  }
  const server = await startServer(dbUrl);
  try {
    const reg = await fetch(`${server.url}/api/v1/alert-sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ name: 'bench', kind: 'generic' }),
    });
    const token = ((await reg.json()) as { secret: string }).secret;
    // Warm-up (JIT, caches, first rows), not measured.
    await fetch(`${server.url}/api/v1/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ alerts: Array.from({ length: 100 }, (_, i) => ({ ...alert(1e9 + i) })) }),
    });
    const rawRows = name === 'PostgreSQL' ? 200_000 : 50_000;
    const raw = await server.ask<{ rows: number; seconds: number }>(
      { cmd: 'raw', rows: rawRows, batch: 1000 },
      'raw',
    );
    // Reads which PostgreSQL backends serve the bench database, to count their CPU (PostgreSQL only).
    const watcher = dbUrl ? new pg.Client({ connectionString: dbUrl }) : null;
    await watcher?.connect();
    const single = PHASES.includes('single') ? await load(server, token, 1, 64, watcher) : null;
    const batches = PHASES.includes('batch') ? await load(server, token, 100, 16, watcher) : null;
    await watcher?.end();
    const stored = await server.ask<{ events: number; alerts: number }>({ cmd: 'count' }, 'count');
    const row = (label: string, r: Awaited<ReturnType<typeof load>>) => ({
      database: name,
      mode: label,
      requestsPerSecond: Math.round(r.result['2xx'] / r.result.duration),
      alertsPerSecond: Math.round(r.sent / r.result.duration),
      p50ms: r.result.latency.p50,
      p99ms: r.result.latency.p99,
      ok: r.result['2xx'],
      status429: r.result.statusCodeStats['429']?.count ?? 0,
      otherNon2xx: r.result.non2xx - (r.result.statusCodeStats['429']?.count ?? 0),
      errors: r.result.errors + r.result.timeouts,
      ...r.cpu,
    });
    return {
      raw: { database: name, rowsPerSecond: Math.round(raw.rows / raw.seconds), rows: raw.rows, batch: 1000 },
      runs: [
        ...(single ? [row('single alert / request, 64 connections', single)] : []),
        ...(batches ? [row('100 alerts / request, 16 connections', batches)] : []),
      ],
      // Everything acknowledged is stored: 100 warm-up alerts + every 2xx'd alert, counted once each.
      stored: { ...stored, acknowledged: (single?.sent ?? 0) + (batches?.sent ?? 0) + 100 },
    };
  } finally {
    await server.stop();
    await drop?.();
  }
}

const cpu = cpus();
console.log(
  `bench/ingest — ${new Date().toISOString()} — ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${SECONDS} s per phase`,
);
const results = [];
if (ONLY === 'pglite') console.log('PostgreSQL: skipped (BENCH_ONLY=pglite)');
else if (PG_URL) results.push(await benchDatabase('PostgreSQL', PG_URL));
else console.log('PostgreSQL: skipped (set BENCH_PG_URL; scripts/pg-ci.sh starts one)');
if (ONLY !== 'postgres') results.push(await benchDatabase('PGlite', null));
for (const r of results) {
  console.log(
    `\n${r.raw.database}: raw batched insert ${r.raw.rowsPerSecond.toLocaleString('en')} rows/s (${r.raw.rows} rows, 1000 per transaction)`,
  );
  console.table(r.runs.map(({ database: _, ...x }) => x));
  // In-flight requests when a phase stops may commit without their answer being counted: stored >= acked.
  const lost = r.stored.acknowledged - r.stored.alerts;
  console.log(
    `stored: ${r.stored.events} events holding ${r.stored.alerts} alerts; acknowledged ${r.stored.acknowledged}; ${lost <= 0 ? 'nothing acknowledged was lost' : `LOST ${lost}`}`,
  );
  for (const run of r.runs)
    console.log(
      `${run.mode}: ${Math.round((run.alertsPerSecond / r.raw.rowsPerSecond) * 100)} % of the raw rate`,
    );
}
console.log(`\n${JSON.stringify(results)}`);
