import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseFacts, FromServer, SeedReport, ServerOptions, ToServer } from './protocol.ts';

/** Where a benchmark runs: embedded PGlite in a temporary directory, or a PostgreSQL server. */
export type Target = { label: string; kind: 'pglite' } | { label: string; kind: 'postgres'; url: string };

export interface BenchServer {
  baseUrl: string;
  pid: number;
  /** PostgreSQL: the URL of the fresh database this server runs on (null for PGlite). */
  databaseUrl: string | null;
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  database: DatabaseFacts;
  seed: SeedReport | null;
  startSeconds: number;
  /** Raw SQL inside the server process (the only way into PGlite while Cordon holds it). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/** A fresh database on the PostgreSQL server of `url`, dropped again by the returned function. */
async function freshPostgresDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cordon_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    url: dbUrl.toString(),
    drop: async () => {
      // BENCH_KEEP_DATABASE=1 leaves the seeded database behind for EXPLAIN and profiling.
      if (process.env.BENCH_KEEP_DATABASE === '1') {
        console.error(`kept database ${dbUrl.toString()}`);
        return;
      }
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * Starts Cordon in a child process on a fresh database of `target`, with the given users (tokens are made
 * for each) and, optionally, a bulk seed. Logs progress with `log`.
 */
export async function startBenchServer(
  target: Target,
  options: {
    users: { username: string; roles: string[] }[];
    seedIncidents: number;
    log: (m: string) => void;
    /** Extra node flags for the server process (e.g. --cpu-prof for bench/diagnose.ts). */
    nodeArgs?: string[];
  },
): Promise<BenchServer> {
  let cleanup: () => Promise<void>;
  let serverOptions: ServerOptions;
  if (target.kind === 'postgres') {
    const fresh = await freshPostgresDatabase(target.url);
    cleanup = fresh.drop;
    serverOptions = {
      backend: 'postgres',
      databaseUrl: fresh.url,
      dataDir: null,
      users: options.users,
      seedIncidents: options.seedIncidents,
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-pglite-'));
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
    serverOptions = {
      backend: 'pglite',
      databaseUrl: null,
      dataDir: join(dir, 'data'),
      users: options.users,
      seedIncidents: options.seedIncidents,
    };
  }

  const child: ChildProcess = fork(new URL('./server.ts', import.meta.url), [], {
    env: { ...process.env, CORDON_BENCH_SERVER: JSON.stringify(serverOptions) },
    execArgv: options.nodeArgs ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, (m: Extract<FromServer, { type: 'result' }>) => void>();
  let nextId = 1;

  const ready = await new Promise<Extract<FromServer, { type: 'ready' }>>((resolve, reject) => {
    child.on('message', (message: FromServer) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(`bench server failed: ${message.error}`));
      else if (message.type === 'progress') options.log(`  ${message.message}`);
      else if (message.type === 'result') pending.get(message.id)?.(message);
    });
    child.once('exit', (code) =>
      reject(new Error(`bench server exited with code ${code} before it was ready`)),
    );
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    await cleanup();
    throw error;
  });

  const pid = child.pid;
  if (pid === undefined) throw new Error('bench server has no pid');
  return {
    baseUrl: `http://127.0.0.1:${ready.port}`,
    pid,
    databaseUrl: serverOptions.databaseUrl,
    tokens: ready.tokens,
    userIds: ready.userIds,
    database: ready.database,
    seed: ready.seed,
    startSeconds: ready.startSeconds,
    query: (sql) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, (m) => {
          pending.delete(id);
          if (m.error) reject(new Error(m.error));
          else resolve(m.rows);
        });
        child.send({ type: 'query', id, sql } satisfies ToServer);
      }),
    stop: async () => {
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' } satisfies ToServer);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      await cleanup();
    },
  };
}
