import type { Db, Tx } from './client.ts';

/** Work registered by `atEnd`, per open transaction. */
const endings = new WeakMap<Tx, (() => Promise<void>)[]>();

/**
 * Runs one use case in one transaction: the change, its timeline entry and its audit entry commit
 * together or not at all (DESIGN.md, principle 2). Work registered with `atEnd` runs after the use case's
 * own work, just before COMMIT.
 */
export function withTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const queue: (() => Promise<void>)[] = [];
    endings.set(tx, queue);
    const result = await work(tx);
    for (let next = queue.shift(); next; next = queue.shift()) await next();
    return result;
  });
}

/**
 * Runs `fn` at the end of the transaction `tx` (in registration order), or at once when `tx` is not a
 * transaction opened by `withTransaction`. For writes that take a hot lock held until COMMIT — the audit
 * chain's head — so that the lock is held only for that write and the commit, whatever the use case reads
 * after registering it.
 */
export async function atEnd(tx: Tx, fn: () => Promise<void>): Promise<void> {
  const queue = endings.get(tx);
  if (queue) queue.push(fn);
  else await fn();
}

/**
 * For a transaction opened outside `withTransaction` (`withPipelinedTransaction`): `atEnd` work registered
 * for `tx` waits in a queue until `runEndings`, then `finishEndings` forgets the transaction.
 */
export function trackEndings(tx: Tx): void {
  endings.set(tx, []);
}

/** Whether `atEnd` work waits to run before `tx` commits. */
export function hasEndings(tx: Tx): boolean {
  return (endings.get(tx)?.length ?? 0) > 0;
}

/** Runs the `atEnd` work registered for `tx`, in registration order. */
export async function runEndings(tx: Tx): Promise<void> {
  const queue = endings.get(tx) ?? [];
  for (let next = queue.shift(); next; next = queue.shift()) await next();
}

export function finishEndings(tx: Tx): void {
  endings.delete(tx);
}
