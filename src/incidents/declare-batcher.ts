import type { AppDeps } from '../app/deps.ts';
import { GroupCommit } from '../platform/db/group-commit.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import type { Declaration } from './declare-prepare.ts';
import { type DeclaredRow, writeDeclarations } from './declare-write.ts';

export interface IncidentBatcherOptions {
  /** Declarations waiting at most; beyond it a declaration is refused with 503 and a Retry-After. */
  maxQueue: number;
  /** Declarations per transaction at most. */
  maxBatch: number;
}

/**
 * Group commit for declarations, one per process (created in `app/start.ts`, closed at shutdown after the
 * HTTP server, so everything accepted is written). Declarations checked while a batch commits are written
 * together in the next transaction, and each is answered only after that commit: one counter lock, one
 * audit head lock and one fsync for the whole batch instead of one each (docs/adr/0004-group-commit.md).
 */
export class IncidentBatcher {
  readonly #batcher: GroupCommit<Declaration, DeclaredRow>;

  constructor(
    deps: Pick<AppDeps, 'db' | 'clock'>,
    options: IncidentBatcherOptions = { maxQueue: 5000, maxBatch: 200 },
  ) {
    this.#batcher = new GroupCommit(
      (items) => withTransaction(deps.db, (tx) => writeDeclarations(tx, deps.clock.now(), items)),
      {
        ...options,
        refusals: {
          overloaded: (queued, seconds) =>
            new AppError(
              'database.busy',
              `Cordon is busy writing ${queued} declarations; retry in ${seconds} s.`,
              {
                details: { retryAfterSeconds: seconds },
              },
            ),
          closed: () => new AppError('database.busy', 'Cordon is shutting down; retry shortly.'),
        },
      },
    );
  }

  /** Resolves once the declaration is committed. @throws database.busy (503) when the queue is full */
  async declare(declaration: Declaration): Promise<DeclaredRow> {
    const [row] = await this.#batcher.submit([declaration]);
    if (!row) throw new Error('group commit returned no incident');
    return row;
  }

  get queued(): number {
    return this.#batcher.queued;
  }

  close(): Promise<void> {
    return this.#batcher.close();
  }
}
