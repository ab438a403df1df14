import type { Db, Tx } from './client.ts';

/**
 * Runs one use case in one transaction: the change, its timeline entry and its audit entry commit
 * together or not at all (DESIGN.md, principle 2).
 */
export function withTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx));
}
