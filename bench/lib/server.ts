/**
 * A real Cordon in its own process for the benchmarks (forked by bench/lib/target.ts), so the load generator
 * and the server do not share one event loop. Starts Cordon on the database it is given, makes the users
 * and API tokens the benchmark asks for, optionally bulk-seeds incidents, listens on 127.0.0.1 on a random
 * port and reports back over IPC. Answers raw SQL questions (EXPLAIN, counts) until told to stop.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/app/config.ts';
import { type Cordon, startCordon } from '../../src/app/start.ts';
import type { Database } from '../../src/platform/db/client.ts';
import type { DatabaseFacts, FromServer, ToServer } from './protocol.ts';
import { serverOptionsSchema } from './protocol.ts';
import { type SqlSession, seedIncidents } from './seed.ts';

const send = (message: FromServer) => process.send?.(message);
const started = performance.now();

/** One database session for raw SQL: PGlite's only connection, or a pg client checked out for the call. */
async function withSession<T>(database: Database, work: (session: SqlSession) => Promise<T>): Promise<T> {
  if (database.pglite) {
    const pglite = database.pglite;
    return work({
      query: async (text) => {
        const results = await pglite.exec(text);
        return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
      },
    });
  }
  if (!database.pool) throw new Error('database has neither PGlite nor a pool');
  const client = await database.pool.connect();
  try {
    return await work({
      query: async (text) => {
        const result = await client.query(text);
        const last = Array.isArray(result) ? result.at(-1) : result;
        return (last?.rows ?? []) as Record<string, unknown>[];
      },
    });
  } finally {
    client.release();
  }
}

async function databaseFacts(database: Database): Promise<DatabaseFacts> {
  return withSession(database, async (db) => {
    const [version] = await db.query('select version() as v');
    if (database.kind === 'pglite') return { version: String(version?.v), settings: {}, postmasterPid: null };
    const rows = await db.query(`select name, setting, unit from pg_settings where name in
      ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'work_mem',
       'max_connections', 'data_directory', 'commit_delay', 'shared_preload_libraries')`);
    const settings: Record<string, string> = {};
    for (const r of rows)
      settings[String(r.name)] = `${String(r.setting)}${r.unit ? ` ${String(r.unit)}` : ''}`;
    const [pid] = await db.query(
      `select (regexp_split_to_array(pg_read_file('postmaster.pid'), E'\\n'))[1]::int as pid`,
    );
    return { version: String(version?.v), settings, postmasterPid: Number(pid?.pid) || null };
  });
}

async function makeUsers(
  cordon: Cordon,
  adminToken: string,
  users: { username: string; roles: string[] }[],
): Promise<{ tokens: Record<string, string>; userIds: Record<string, string> }> {
  const call = async (url: string, body: unknown) => {
    const res = await cordon.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    if (res.statusCode !== 201) throw new Error(`POST ${url} failed: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown>;
  };
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  for (const u of users) {
    const user = await call('/api/v1/users', { username: u.username, name: u.username, roles: u.roles });
    const id = String(user.id);
    const token = await call('/api/v1/tokens', { name: `${u.username} benchmark`, userId: id });
    tokens[u.username] = String(token.secret);
    userIds[u.username] = id;
  }
  return { tokens, userIds };
}

async function main(): Promise<void> {
  const options = serverOptionsSchema.parse(JSON.parse(process.env.CORDON_BENCH_SERVER ?? '{}'));
  const adminToken = `bench-admin-${randomBytes(24).toString('hex')}`;
  const config = loadConfig({
    CORDON_ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.dataDir ? { CORDON_DATA: options.dataDir } : {}),
    ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
  });
  const cordon = await startCordon(config, { logger: false });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await cordon.close().catch(() => {});
    process.exit(code);
  };
  process.on('disconnect', () => void stop(0));
  process.on('message', (raw: ToServer) => {
    if (raw.type === 'stop') {
      void stop(0);
      return;
    }
    withSession(cordon.database, (db) => db.query(raw.sql)).then(
      (rows) => send({ type: 'result', id: raw.id, rows, error: null }),
      (error: unknown) => send({ type: 'result', id: raw.id, rows: [], error: String(error) }),
    );
  });

  const { tokens, userIds } = await makeUsers(cordon, adminToken, options.users);
  const seed =
    options.seedIncidents > 0
      ? await withSession(cordon.database, (db) =>
          seedIncidents(db, options.seedIncidents, (message) => send({ type: 'progress', message })),
        )
      : null;
  if (seed && cordon.database.kind === 'postgres') {
    // Write the seeded pages out now, not in a checkpoint in the middle of a measurement.
    await withSession(cordon.database, (db) => db.query('checkpoint'));
  }
  await cordon.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = cordon.app.server.address() as AddressInfo;
  send({
    type: 'ready',
    port,
    tokens,
    userIds,
    database: await databaseFacts(cordon.database),
    seed,
    startSeconds: (performance.now() - started) / 1000,
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  setTimeout(() => process.exit(1), 100);
});
