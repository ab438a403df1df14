import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db } from './client.ts';

/**
 * A hand-written statement with `$1…$n` placeholders, for the few read paths hot enough that query building
 * and planning show in the profile (measured on the incident list: planning was half of PostgreSQL's time
 * per request, Drizzle's query building and row mapping a quarter of the server's).
 */
export interface Statement {
  text: string;
  values: unknown[];
  /**
   * Prepare it once per connection (PostgreSQL only). Only for statements whose best plan does not depend
   * on the parameter values: after five executions PostgreSQL may switch a prepared statement to a generic
   * plan, which is the wrong plan for, e.g., a full-text search whose word can be rare or common.
   */
  prepare: boolean;
}

const names = new Map<string, string>();

/**
 * A prepared statement's name on a connection: derived from its text, so equal texts share one preparation
 * (remembered: the texts of the hot paths are a handful).
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `c_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

type PgliteLike = { query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }> };

/**
 * The driver's own client under a Drizzle handle: the pool or PGlite (`$client`), or inside a transaction
 * the transaction's connection (Drizzle's `session.client`, the same object it runs the transaction on).
 * Rows come back with the driver's type parsing (timestamps as Date), not Drizzle's.
 */
function clientOf(db: Db): pg.Pool | pg.Client | PgliteLike {
  const handle = db as unknown as { $client?: unknown; session?: { client?: unknown } };
  const client = handle.$client ?? handle.session?.client;
  if (!client || typeof (client as PgliteLike).query !== 'function')
    throw new Error('queryRows: no database client under this handle');
  return client as pg.Pool | pg.Client | PgliteLike;
}

/** Runs a statement and returns its rows, on PostgreSQL or PGlite, in or outside a transaction. */
export async function queryRows<T>(db: Db, statement: Statement): Promise<T[]> {
  const client = clientOf(db);
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const name = statement.prepare ? statementName(statement.text) : undefined;
    const result = await client.query({ text: statement.text, values: statement.values, name });
    return result.rows as T[];
  }
  // PGlite runs in this process: nothing to save by preparing.
  return (await client.query<T>(statement.text, statement.values)).rows;
}
