import type { Writable } from 'node:stream';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Db, Tx } from './client.ts';
import { statementName } from './prepared.ts';
import { finishEndings, hasEndings, runEndings, trackEndings, withTransaction } from './transaction.ts';

/**
 * A transaction for a hot path whose every round trip counts (alert group commits): on PostgreSQL its BEGIN
 * travels with its first statement and its COMMIT with its last, written together and answered together
 * (node-postgres pipeline mode), and its statements run as named prepared statements, parsed and planned
 * once per connection. Measured on alert intake: BEGIN and COMMIT each cost a round trip in which the answer
 * waits behind the HTTP work on Node's event loop (1–2 ms of a 5 ms single-alert group commit).
 *
 * The transaction's guarantees are those of `withTransaction`: all or nothing, `atEnd` work before COMMIT.
 * On PGlite (one connection, no network) it is `withTransaction`, and the statements go through Drizzle.
 */
export interface PipelinedTx {
  /** For ordinary statements inside the transaction (after `beginWith`). */
  readonly tx: Tx;
  /** The transaction's first statement; BEGIN is sent with it. */
  beginWith<T>(query: SQL): Promise<T[]>;
  /** A statement in between. */
  run<T>(query: SQL): Promise<T[]>;
  /**
   * The transaction's last statement, COMMIT sent with it: when it resolves, the transaction has committed.
   * Only with no `atEnd` work pending (`canCommitWith`); if it fails, nothing was committed.
   */
  commitWith<T>(query: SQL): Promise<T[]>;
  /** Whether `commitWith` may be used now: no `atEnd` work waits to run before COMMIT. */
  canCommitWith(): boolean;
}

/** Rows of a raw query; PGlite and node-postgres both answer `{ rows }`. */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** The pool behind a Drizzle database on node-postgres; null on PGlite. */
function poolOf(db: Db): pg.Pool | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : null;
}

/** A statement as node-postgres sends it: prepared, named by its text. */
function prepared(db: Db, query: SQL): pg.QueryConfig {
  const { sql: text, params } = (db as unknown as { dialect: PgDialect }).dialect.sqlToQuery(query);
  return { name: statementName(text), text, values: params };
}

/** Drizzle over one pooled connection, kept with the connection (pool clients are reused). */
const drizzleOf = new WeakMap<pg.PoolClient, Tx>();

export async function withPipelinedTransaction<T>(db: Db, work: (t: PipelinedTx) => Promise<T>): Promise<T> {
  const pool = poolOf(db);
  if (!pool) return withTransaction(db, (tx) => work(throughDrizzle(tx)));
  const client = await pool.connect();
  let tx = drizzleOf.get(client);
  if (!tx) {
    tx = drizzle(client) as unknown as Tx;
    drizzleOf.set(client, tx);
  }
  const within: Tx = tx;
  // Where the transaction block is; a function call, so TypeScript does not narrow it across awaits.
  let current: 'idle' | 'open' | 'committed' = 'idle';
  const state = () => current;
  // Each query is written at once with its own Sync, and answered in order; inside a transaction block a
  // Sync commits nothing. A statement that fails aborts the block, and a COMMIT behind it then rolls back.
  // node-postgres reads `pipeline` whenever it sends (typed read-only: it is meant to be set at connect);
  // it is on only while this transaction holds the connection.
  const mode = client as unknown as { pipeline: boolean };
  mode.pipeline = true;
  /** Writes the queries together (one write) and waits for every answer, in order. */
  const send = (configs: pg.QueryConfig[]): Promise<PromiseSettledResult<pg.QueryResult>[]> => {
    const stream = (client as unknown as { connection: { stream: Writable } }).connection.stream;
    stream.cork();
    const pending = configs.map((c) => client.query(c));
    stream.uncork();
    return Promise.allSettled(pending);
  };
  const rowsOrThrow = <R>(settled: PromiseSettledResult<pg.QueryResult>[], at: number): R[] => {
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const result = settled[at];
    return (result?.status === 'fulfilled' ? result.value.rows : []) as R[];
  };
  const t: PipelinedTx = {
    get tx() {
      if (state() !== 'open') throw new Error('a pipelined transaction runs its statements after beginWith');
      return within;
    },
    beginWith: async <R>(query: SQL) => {
      if (state() !== 'idle') throw new Error('beginWith runs once, first');
      const settled = await send([{ text: 'BEGIN' }, prepared(db, query)]);
      if (settled[0]?.status === 'fulfilled') current = 'open';
      return rowsOrThrow<R>(settled, 1);
    },
    run: async <R>(query: SQL) => {
      if (state() !== 'open') throw new Error('run needs an open transaction');
      return (await client.query(prepared(db, query))).rows as R[];
    },
    commitWith: async <R>(query: SQL) => {
      if (state() !== 'open') throw new Error('commitWith needs an open transaction');
      if (hasEndings(within)) throw new Error('atEnd work must run before COMMIT');
      // Whatever happens next the block ends: committed, or rolled back by the COMMIT behind a failure.
      current = 'committed';
      return rowsOrThrow<R>(await send([prepared(db, query), { text: 'COMMIT' }]), 0);
    },
    canCommitWith: () => !hasEndings(within),
  };
  trackEndings(within);
  try {
    const result = await work(t);
    if (state() === 'open') {
      await runEndings(within);
      current = 'committed';
      await client.query('COMMIT');
    }
    mode.pipeline = false;
    client.release();
    return result;
  } catch (error) {
    let broken: Error | undefined;
    if (state() === 'open') await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    mode.pipeline = false;
    client.release(broken);
    throw error;
  } finally {
    finishEndings(within);
  }
}

/** PGlite: a transaction opened by `withTransaction`; nothing to pipeline on one in-process connection. */
function throughDrizzle(tx: Tx): PipelinedTx {
  const run = async <R>(query: SQL) => rowsOf<R>(await tx.execute(query));
  return {
    tx,
    beginWith: run,
    run,
    // The same rule as on PostgreSQL, though here `withTransaction` commits after the work.
    commitWith: (query) =>
      hasEndings(tx) ? Promise.reject(new Error('atEnd work must run before COMMIT')) : run(query),
    canCommitWith: () => !hasEndings(tx),
  };
}
