import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir } from './lock.ts';

/** The one database type features see; PGlite and PostgreSQL both satisfy it (same schema, same SQL). */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A transaction handle; store functions take it first. A Db is also a valid Tx outside a transaction. */
export type Tx = Db;

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string | null; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; poolSize?: number };

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Raw access for migrations, health checks and benchmarks. */
  readonly pglite: PGlite | null;
  readonly pool: pg.Pool | null;
  /** The PostgreSQL URL (for dedicated connections such as LISTEN); null on PGlite. */
  readonly url: string | null;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database. Embedded PGlite holds an exclusive lock on its data directory: two processes that
 * open the same directory both succeed and committed rows are lost (measured, DESIGN.md), so a second
 * opener is refused with a clear message instead.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.poolSize ?? 20);
  let release: (() => Promise<void>) | null = null;
  if (target.dataDir !== null) {
    mkdirSync(target.dataDir, { recursive: true });
    release = await lockDataDir(target.dataDir);
  }
  try {
    const client =
      target.dataDir === null
        ? await PGlite.create(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {})
        : await PGlite.create(target.dataDir);
    const db: Db = drizzlePglite(client);
    return {
      kind: 'pglite',
      db,
      pglite: client,
      pool: null,
      url: null,
      ping: async () => {
        await client.query('select 1');
      },
      close: async () => {
        await client.close();
        await release?.();
      },
    };
  } catch (error) {
    await release?.();
    throw error;
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Cordon's statements are short; JIT compilation pays off only for long analytical queries. A plan costed
  // from statistics older than a burst of writes crosses jit_above_cost and spends longer compiling than
  // running: measured 715 ms of JIT for a 5 ms alert group-commit read. Off for Cordon's connections (an
  // `options` parameter in DATABASE_URL takes precedence).
  const options = [process.env.PGOPTIONS, '-c jit=off'].filter(Boolean).join(' ');
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options });
  // An idle client that errors (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db: Db = drizzleNodePg(pool);
  return {
    kind: 'postgres',
    db,
    pglite: null,
    pool,
    url,
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}
