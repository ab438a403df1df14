import type { AppConfig } from '../app/config.ts';
import type { AppDeps } from '../app/deps.ts';
import { GroupCommit } from '../platform/db/group-commit.ts';
import { SourceAuthenticator } from './authenticate-source.ts';
import { ingestAlerts } from './ingest-alerts.ts';
import type { IngestItem, IngestOutcome } from './types.ts';

/**
 * Alert intake for one process: the source tokens and the group commit every channel (HTTP, syslog)
 * submits to. Created at start, closed at shutdown after the listeners (it drains what is queued).
 */
export class AlertIntake {
  readonly sources: SourceAuthenticator;
  readonly #batcher: GroupCommit<IngestItem, IngestOutcome>;

  constructor(
    deps: Pick<AppDeps, 'db' | 'clock'>,
    config: Pick<AppConfig['intake'], 'alertQueue' | 'alertBatch'>,
  ) {
    this.sources = new SourceAuthenticator(deps);
    this.#batcher = new GroupCommit((items) => ingestAlerts(deps, items), {
      maxQueue: config.alertQueue,
      maxBatch: config.alertBatch,
    });
  }

  /** Resolves once the alerts are committed. @throws intake.overloaded (429), intake.unavailable */
  submit(items: IngestItem[]): Promise<IngestOutcome[]> {
    return this.#batcher.submit(items);
  }

  get queued(): number {
    return this.#batcher.queued;
  }

  close(): Promise<void> {
    return this.#batcher.close();
  }
}
