import { AppError } from '../errors.ts';

interface Pending<I, O> {
  items: I[];
  resolve: (out: O[]) => void;
  reject: (error: unknown) => void;
}

/** How a refused submission reads; each user of the batcher names its own errors. */
export interface GroupCommitRefusals {
  /** The queue is full: tell the client when to come back (the HTTP edge sends it as Retry-After). */
  overloaded(queued: number, retryAfterSeconds: number): AppError;
  /** The process is shutting down and takes no new work. */
  closed(): AppError;
}

export interface GroupCommitOptions {
  /** Items waiting at most; beyond it `submit` refuses (`refusals.overloaded`). */
  maxQueue: number;
  /** Items written per transaction at most (whole submissions are never split). */
  maxBatch: number;
  /** Defaults to alert intake's errors (`intake.overloaded` 429, `intake.unavailable` 503), its first user. */
  refusals?: GroupCommitRefusals;
}

const intakeRefusals: GroupCommitRefusals = {
  overloaded: (queued, seconds) =>
    new AppError('intake.overloaded', `Cordon is busy writing ${queued} alerts; retry in ${seconds} s.`, {
      details: { retryAfterSeconds: seconds },
    }),
  closed: () => new AppError('intake.unavailable', 'Cordon is shutting down; retry shortly.'),
};

/** PostgreSQL's "try again" errors: serialization failure and deadlock. */
const retryable = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && (e.code === '40001' || e.code === '40P01');

/**
 * Group commit (DESIGN.md, Stack): submissions that arrive while a transaction is committing wait and are
 * written together in the next one, so one database round trip (and one fsync) serves many requests. Each
 * submission resolves only after the transaction holding it committed; a full queue refuses new work
 * instead of growing without bound, so nothing accepted is ever dropped. One batch is in flight at a time
 * per process: the next one fills while it commits. A batch that fails is retried submission by
 * submission, so one bad submission fails alone.
 */
export class GroupCommit<I, O> {
  readonly #commit: (items: I[]) => Promise<O[]>;
  readonly #options: GroupCommitOptions;
  readonly #refusals: GroupCommitRefusals;
  #queue: Pending<I, O>[] = [];
  #queued = 0;
  #running: Promise<void> | null = null;
  #closed = false;
  /** Items committed per second, smoothed: what Retry-After is estimated from. */
  #rate = 1000;

  constructor(commit: (items: I[]) => Promise<O[]>, options: GroupCommitOptions) {
    this.#commit = commit;
    this.#options = options;
    this.#refusals = options.refusals ?? intakeRefusals;
  }

  get queued(): number {
    return this.#queued;
  }

  submit(items: I[]): Promise<O[]> {
    if (this.#closed) return Promise.reject(this.#refusals.closed());
    if (items.length === 0) return Promise.resolve([]);
    if (this.#queued > 0 && this.#queued + items.length > this.#options.maxQueue) {
      const seconds = Math.min(60, Math.max(1, Math.ceil(this.#queued / this.#rate)));
      return Promise.reject(this.#refusals.overloaded(this.#queued, seconds));
    }
    return new Promise<O[]>((resolve, reject) => {
      this.#queue.push({ items, resolve, reject });
      this.#queued += items.length;
      this.#running ??= this.#drain().finally(() => {
        this.#running = null;
      });
    });
  }

  /** Stops taking work and waits for everything queued to be written. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      // Let work that is already runnable reach `submit` before the batch is cut. Without it a lone
      // submission starts a transaction at once, and on PGlite (one connection) that transaction blocks
      // every other request's checks until it commits: batches of one (measured).
      await new Promise((r) => setImmediate(r));
      const batch: Pending<I, O>[] = [];
      let size = 0;
      while (this.#queue.length > 0) {
        const next = this.#queue[0];
        if (!next || (batch.length > 0 && size + next.items.length > this.#options.maxBatch)) break;
        batch.push(next);
        size += next.items.length;
        this.#queue.shift();
      }
      const started = performance.now();
      await this.#write(batch);
      const seconds = Math.max(0.001, (performance.now() - started) / 1000);
      this.#rate = 0.8 * this.#rate + 0.2 * (size / seconds);
      this.#queued -= size;
    }
  }

  async #write(batch: Pending<I, O>[]): Promise<void> {
    try {
      const out = await this.#attempt(batch.flatMap((p) => p.items));
      let at = 0;
      for (const p of batch) {
        p.resolve(out.slice(at, at + p.items.length));
        at += p.items.length;
      }
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One bad submission must not fail the others written with it: write each on its own.
      for (const p of batch) {
        try {
          p.resolve(await this.#attempt(p.items));
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }

  async #attempt(items: I[]): Promise<O[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#commit(items);
      } catch (e) {
        if (!retryable(e) || attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt));
      }
    }
  }
}
