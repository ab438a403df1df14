import type { Database, Db, Tx } from '../platform/db/client.ts';
import { listen } from '../platform/db/listen.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { type AuditEntryLite, auditEntriesAfter, ensureCursor, moveCursor, readCursor } from './store.ts';

/** What the dispatcher does with one audit entry, inside the transaction that moves the cursor past it. */
export type Reaction = (tx: Tx, entry: AuditEntryLite) => Promise<void>;
/**
 * Whether an entry may concern a reaction at all, decided without a transaction. Entries no reaction wants
 * (alerts from tools when no rule asks for them, at intake's rates) are passed over in bulk.
 */
export type Relevance = (entry: AuditEntryLite) => boolean | Promise<boolean>;

const CURSOR = 'dispatcher';
const BATCH = 200;
const ATTEMPTS = 3;

/**
 * Reads the audit log from a persisted cursor and hands each entry it has reactions for to them, one entry
 * per transaction together with the cursor move. So escalation, SLA clocks and meetings follow every
 * report, declaration, severity change and closure exactly once: a crash before the commit reads the entry
 * again, a second worker finds the cursor already past it (the cursor row is locked while an entry is
 * handled). Audit sequence numbers are assigned under the audit head lock held until commit, so they
 * become visible in order and the cursor never skips an entry that commits late.
 */
export class AuditDispatcher {
  readonly #db: Db;
  readonly #reactions = new Map<string, { reaction: Reaction; relevant: Relevance | null }[]>();
  readonly #onError: (error: unknown, entry: AuditEntryLite) => Promise<void>;
  readonly #failures = new Map<number, number>();
  #running: Promise<number> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #unlisten: (() => Promise<void>) | null = null;

  constructor(db: Db, onError: (error: unknown, entry: AuditEntryLite) => Promise<void>) {
    this.#db = db;
    this.#onError = onError;
  }

  on(action: string, reaction: Reaction, relevant: Relevance | null = null): void {
    this.#reactions.set(action, [...(this.#reactions.get(action) ?? []), { reaction, relevant }]);
  }

  /** Handles every entry now readable; returns how many were handled. Concurrent calls coalesce. */
  async runOnce(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let total = 0;
      do {
        this.#again = false;
        for (;;) {
          const n = await this.#batch();
          total += n.handled;
          if (n.read < BATCH) break;
        }
      } while (this.#again);
      return total;
    })();
    try {
      return await this.#running;
    } finally {
      this.#running = null;
    }
  }

  /** Wakes on every committed change (NOTIFY) and polls as a floor, in worker processes. */
  async start(database: Database, pollMs: number, onError: (error: unknown) => void): Promise<void> {
    await withTransaction(this.#db, (tx) => ensureCursor(tx, CURSOR));
    const kick = () => void this.runOnce().catch(onError);
    this.#unlisten = await listen(database, 'cordon_changes', kick);
    this.#timer = setInterval(kick, pollMs);
    this.#timer.unref();
    kick();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#unlisten?.();
    this.#unlisten = null;
    await this.#running?.catch(() => 0);
  }

  async #batch(): Promise<{ read: number; handled: number }> {
    let cursor = await readCursor(this.#db, CURSOR, false);
    if (cursor === undefined) {
      await withTransaction(this.#db, (tx) => ensureCursor(tx, CURSOR));
      cursor = (await readCursor(this.#db, CURSOR, false)) ?? 0;
    }
    const entries = await auditEntriesAfter(this.#db, cursor, [...this.#reactions.keys()], BATCH);
    let handled = 0;
    let skipped = 0;
    for (const entry of entries) {
      const wanted: { reaction: Reaction; relevant: Relevance | null }[] = [];
      for (const r of this.#reactions.get(entry.action) ?? [])
        if (!r.relevant || (await r.relevant(entry))) wanted.push(r);
      if (wanted.length === 0) {
        skipped = entry.seq;
        continue;
      }
      try {
        const done = await withTransaction(this.#db, async (tx) => {
          const at = await readCursor(tx, CURSOR, true);
          if (at === undefined || at >= entry.seq) return false;
          for (const { reaction } of wanted) await reaction(tx, entry);
          await moveCursor(tx, CURSOR, entry.seq);
          return true;
        });
        if (done) handled++;
        this.#failures.delete(entry.seq);
      } catch (error) {
        // A reaction that keeps failing must not stop every later escalation: after a few attempts the entry
        // is recorded as failed (audited, logged) and skipped.
        const failures = (this.#failures.get(entry.seq) ?? 0) + 1;
        this.#failures.set(entry.seq, failures);
        if (failures < ATTEMPTS) throw error;
        this.#failures.delete(entry.seq);
        await this.#onError(error, entry);
        await this.#advance(entry.seq);
      }
    }
    // Entries passed over at the end of the batch move the cursor too, or the next read would return them.
    const last = entries[entries.length - 1];
    if (last && skipped === last.seq) await this.#advance(skipped);
    return { read: entries.length, handled };
  }

  async #advance(seq: number): Promise<void> {
    await withTransaction(this.#db, async (tx) => {
      const at = await readCursor(tx, CURSOR, true);
      if (at !== undefined && at < seq) await moveCursor(tx, CURSOR, seq);
    });
  }
}
