import { type SQL, sql } from 'drizzle-orm';
import {
  type DrizzleTransactionLike,
  fromDrizzle,
  fromPglite,
  type JobResult,
  type JobWithMetadata,
  PgBoss,
} from 'pg-boss';
import type { Database, Tx } from '../db/client.ts';
import { jobIdForKey } from './keys.ts';

/**
 * Background work on pg-boss: embedded on PGlite through its adapter, on PostgreSQL at scale (jobs claimed
 * with SKIP LOCKED, so two workers never run the same job). Two kinds of work:
 *
 * - timers: "do X at T" (an acknowledgement timeout, an SLA threshold, a meeting). One queue; each job
 *   carries its kind, its deterministic key and its due time, and is sent with `startAfter` = due time.
 * - work queues: "do X now, retry with backoff" (a notification delivery).
 *
 * Every job is sent inside the caller's transaction (pg-boss's Drizzle adapter) with an id derived from a
 * deterministic key, so the job exists exactly when the change that asked for it committed, and sending it
 * twice creates it once. Handlers re-check the state they act on, so running one twice changes nothing.
 */

export const TIMER_QUEUE = 'cordon-timer';
const SCHEMA = 'cordon_jobs';

export interface TimerInput {
  /** Deterministic: the same timer asked for twice is one job. */
  key: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}
export interface Timer {
  key: string;
  kind: string;
  dueAt: string;
  payload: Record<string, unknown>;
}
export type TimerHandler = (timer: Timer) => Promise<void>;

export interface QueueSpec {
  name: string;
  retryLimit: number;
  /** Seconds before the first retry; doubled each time (with jitter) up to retryDelayMax. */
  retryDelay: number;
  retryDelayMax: number;
  /** A job running longer than this is presumed lost (its worker died) and is retried. */
  expireInSeconds: number;
  /** Where a job goes when its retries are spent; kept there for inspection and redrive. */
  deadLetter?: string;
  batchSize: number;
  /**
   * Wake workers with NOTIFY when a job is ready at once (deliveries). Off for timers: they are due later,
   * and with NOTIFY on pg-boss polls a queue only at its slower notify interval.
   */
  notify?: boolean;
  /** Batches worked on at once by this process (their sends overlap; their transactions queue). */
  concurrency?: number;
}
export interface WorkItem<T> {
  id: string;
  data: T;
  retryCount: number;
  retryLimit: number;
}
/** What a work handler decided: done, try again later, or give up now (dead letter). */
export type WorkOutcome = 'completed' | 'failed' | 'deadletter';
export type WorkHandler<T> = (item: WorkItem<T>) => Promise<WorkOutcome>;
/** A handler given a whole batch (e.g. to claim and record many deliveries per transaction); one outcome each. */
export type BatchHandler<T> = (items: WorkItem<T>[]) => Promise<WorkOutcome[]>;

/** Runs a one-item handler over a batch, one after another; a throw counts as a failed attempt. */
export const oneByOne =
  <T>(handler: WorkHandler<T>): BatchHandler<T> =>
  async (items) => {
    const out: WorkOutcome[] = [];
    for (const item of items) out.push(await handler(item).catch((): WorkOutcome => 'failed'));
    return out;
  };

export interface JobsOptions {
  onError: (error: unknown) => void;
  /** Seconds between polls for due timers and retries (pg-boss allows ≥ 0.5). */
  pollSeconds?: number;
}

/** What use cases need: schedule a timer or enqueue work inside their transaction. */
export type JobScheduler = Pick<Jobs, 'schedule' | 'scheduleMany' | 'enqueue' | 'enqueueMany'>;

type Registered = { spec: QueueSpec; handler: BatchHandler<unknown> };

export class Jobs {
  readonly #boss: PgBoss;
  readonly #timers = new Map<string, TimerHandler>();
  readonly #queues = new Map<string, Registered>();
  readonly #pollSeconds: number;
  #workers = false;

  private constructor(boss: PgBoss, options: JobsOptions) {
    this.#boss = boss;
    this.#pollSeconds = options.pollSeconds ?? 0.5;
  }

  /** Starts pg-boss on the database (installing or migrating its own schema, `cordon_jobs`). */
  static async open(database: Database, options: JobsOptions): Promise<Jobs> {
    const common = { schema: SCHEMA, useListenNotify: true, persistWarnings: false } as const;
    const boss = database.pglite
      ? new PgBoss({ ...common, db: fromPglite(database.pglite), backend: 'pglite' })
      : new PgBoss({ ...common, connectionString: database.url ?? '', max: 4 });
    boss.on('error', options.onError);
    await boss.start();
    const jobs = new Jobs(boss, options);
    await jobs.#ensureQueue({
      name: TIMER_QUEUE,
      retryLimit: 20,
      retryDelay: 5,
      retryDelayMax: 300,
      expireInSeconds: 300,
      batchSize: 100,
      notify: false,
    });
    return jobs;
  }

  /** Registers what a timer kind does when it comes due. */
  onTimer(kind: string, handler: TimerHandler): void {
    this.#timers.set(kind, handler);
  }

  /** Creates (or updates) a work queue and registers its handler. */
  async defineQueue<T>(spec: QueueSpec, handler: BatchHandler<T>): Promise<void> {
    if (spec.deadLetter) await this.#ensureQueue({ ...spec, name: spec.deadLetter, deadLetter: undefined });
    await this.#ensureQueue(spec);
    this.#queues.set(spec.name, { spec, handler: handler as BatchHandler<unknown> });
  }

  /** Schedules a timer inside the caller's transaction. */
  schedule(tx: Tx, timer: TimerInput): Promise<void> {
    return this.scheduleMany(tx, [timer]);
  }

  /** Schedules timers inside the caller's transaction, in one statement. */
  async scheduleMany(tx: Tx, timers: readonly TimerInput[]): Promise<void> {
    const jobs = new Map<string, { id: string; data: Timer; startAfter: Date }>();
    for (const timer of timers) {
      const id = jobIdForKey(`timer:${timer.key}`);
      const data: Timer = {
        key: timer.key,
        kind: timer.kind,
        dueAt: timer.dueAt.toISOString(),
        payload: timer.payload,
      };
      jobs.set(id, { id, data, startAfter: timer.dueAt });
    }
    if (jobs.size > 0) await this.#boss.insert(TIMER_QUEUE, [...jobs.values()], { db: inTransaction(tx) });
  }

  /** Enqueues work inside the caller's transaction; the key makes it exactly one job. */
  enqueue(tx: Tx, queue: string, key: string, data: object): Promise<void> {
    return this.enqueueMany(tx, queue, [{ key, data }]);
  }

  /** Enqueues several jobs of one queue inside the caller's transaction, in one statement. */
  async enqueueMany(tx: Tx, queue: string, items: readonly { key: string; data: object }[]): Promise<void> {
    const jobs = new Map<string, { id: string; data: object }>();
    for (const item of items) {
      const id = jobIdForKey(`${queue}:${item.key}`);
      jobs.set(id, { id, data: item.data });
    }
    if (jobs.size > 0) await this.#boss.insert(queue, [...jobs.values()], { db: inTransaction(tx) });
  }

  /** Starts polling workers for timers and every defined queue (worker processes only). */
  async startWorkers(): Promise<void> {
    if (this.#workers) return;
    this.#workers = true;
    // A full batch means more is waiting: fetch again at once instead of after the polling interval.
    const polling = {
      pollingIntervalSeconds: this.#pollSeconds,
      notifyPollingIntervalSeconds: this.#pollSeconds,
      burstWhenBatchFull: true,
    };
    await this.#boss.work(
      TIMER_QUEUE,
      { ...polling, batchSize: 100, includeMetadata: true, perJobResults: true } as const,
      async (jobs: JobWithMetadata<Timer>[]) => this.#settleEach(jobs, (job) => this.#fire(job.data)),
    );
    for (const [name, { spec, handler }] of this.#queues) {
      await this.#boss.work(
        name,
        {
          ...polling,
          batchSize: spec.batchSize,
          localConcurrency: spec.concurrency ?? 1,
          includeMetadata: true,
          perJobResults: true,
        } as const,
        async (jobs: JobWithMetadata<unknown>[]) => this.#settleBatch(jobs, handler),
      );
    }
  }

  /**
   * Runs every timer whose due time is at or before `now`, oldest first, until none is left (a handler
   * may schedule another that is already due). For processes without timer workers and for tests on a
   * fake clock: the due time compared is the job's own, not the database's clock.
   */
  async runDueTimers(now: Date): Promise<number> {
    let fired = 0;
    for (let guard = 0; guard < 1000; guard++) {
      const queued = await this.#boss.findJobs<Timer>(TIMER_QUEUE, { queued: true, limit: 1000 });
      const due = queued
        .filter((j) => Date.parse(j.data.dueAt) <= now.getTime())
        .sort((a, b) => Date.parse(a.data.dueAt) - Date.parse(b.data.dueAt));
      if (due.length === 0) return fired;
      for (const job of due) {
        await this.#fire(job.data);
        await this.#boss.complete(TIMER_QUEUE, job.id, null, { includeQueued: true });
        fired++;
      }
    }
    return fired;
  }

  /** Runs the jobs of a work queue that are ready now, once each; returns how many ran. */
  async runReady(queue: string): Promise<number> {
    const registered = this.#queues.get(queue);
    if (!registered) throw new Error(`no work queue "${queue}"`);
    let ran = 0;
    for (;;) {
      const jobs = await this.#boss.fetch<unknown>(queue, {
        batchSize: registered.spec.batchSize,
        includeMetadata: true,
      });
      if (jobs.length === 0) return ran;
      const outcomes = await this.#settleBatch(jobs, registered.handler);
      for (const result of outcomes) {
        if (result.status === 'completed') await this.#boss.complete(queue, result.id);
        else await this.#boss.fail(queue, result.id, result.output ?? {});
        ran++;
      }
    }
  }

  /** Jobs of a queue waiting to run (queued or waiting for a retry), up to 100,000: for health and benchmarks. */
  async pending(queue: string): Promise<number> {
    return (await this.#boss.findJobs(queue, { queued: true, limit: 100_000 })).length;
  }

  async stop(): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: 5_000, close: true });
  }

  async #fire(timer: Timer): Promise<void> {
    const handler = this.#timers.get(timer.kind);
    // A timer nobody handles any more (an older version's kind) is done, not retried forever.
    if (handler) await handler(timer);
  }

  async #settleBatch<T>(jobs: JobWithMetadata<T>[], handler: BatchHandler<T>): Promise<JobResult[]> {
    let outcomes: WorkOutcome[];
    try {
      outcomes = await handler(jobs.map(toItem));
    } catch (error) {
      return jobs.map((job) => ({ id: job.id, status: 'failed', output: { error: describe(error) } }));
    }
    return jobs.map((job, i) => ({ id: job.id, status: outcomes[i] ?? 'failed' }));
  }

  async #settleEach<T>(
    jobs: JobWithMetadata<T>[],
    run: (job: JobWithMetadata<T>) => Promise<unknown>,
  ): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const job of jobs) {
      try {
        await run(job);
        results.push({ id: job.id, status: 'completed' });
      } catch (error) {
        results.push({ id: job.id, status: 'failed', output: { error: describe(error) } });
      }
    }
    return results;
  }

  async #ensureQueue(spec: QueueSpec): Promise<void> {
    const options = {
      retryLimit: spec.retryLimit,
      retryDelay: spec.retryDelay,
      retryBackoff: true,
      retryDelayMax: spec.retryDelayMax,
      expireInSeconds: spec.expireInSeconds,
      // Kept a week after completion: the record of what ran lives in Cordon's own tables.
      deleteAfterSeconds: 7 * 86_400,
      notify: spec.notify ?? true,
      ...(spec.deadLetter ? { deadLetter: spec.deadLetter } : {}),
    };
    if (await this.#boss.getQueue(spec.name)) await this.#boss.updateQueue(spec.name, options);
    else await this.#boss.createQueue(spec.name, options);
    // Warm pg-boss's queue cache now: a send inside a PGlite transaction must never wait for a query on
    // pg-boss's own connection, which PGlite would only run after that transaction (a deadlock).
    await this.#boss.findJobs(spec.name, { limit: 1 });
  }
}

/** pg-boss statements inside one of our Drizzle transactions (PGlite or node-postgres alike). */
function inTransaction(tx: Tx) {
  const like: DrizzleTransactionLike = {
    execute: async (query) => (await tx.execute(query as SQL)) as unknown as { rows: unknown[] },
  };
  return fromDrizzle(like, sql);
}

function toItem<T>(job: JobWithMetadata<T>): WorkItem<T> {
  return { id: job.id, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
