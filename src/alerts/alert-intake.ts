import type { AppConfig } from '../app/config.ts';
import type { AppDeps } from '../app/deps.ts';
import { GroupCommit } from '../platform/db/group-commit.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { SourceAuthenticator } from './authenticate-source.ts';
import { type PreparedItem, prepareItem } from './create-alert-events.ts';
import { ingestAlerts } from './ingest-alerts.ts';
import type { IngestItem, IngestOutcome } from './types.ts';

/**
 * Alert intake for one process: the source tokens and the group commit every channel (HTTP, syslog)
 * submits to. Created at start, closed at shutdown after the listeners (it drains what is queued).
 */
export class AlertIntake {
  readonly sources: SourceAuthenticator;
  readonly #batcher: GroupCommit<PreparedItem, IngestOutcome>;
  readonly #deps: Pick<AppDeps, 'db' | 'clock'>;

  constructor(
    deps: Pick<AppDeps, 'db' | 'clock'>,
    config: Pick<AppConfig['intake'], 'alertQueue' | 'alertBatch'>,
  ) {
    this.#deps = deps;
    this.sources = new SourceAuthenticator(deps);
    this.#batcher = new GroupCommit((items) => ingestAlerts(deps, items), {
      maxQueue: config.alertQueue,
      maxBatch: config.alertBatch,
    });
  }

  /**
   * Resolves once the alerts are committed. Fingerprints and routing (the work that needs no database) are
   * done here, while the group commit in flight is in the database. @throws intake.overloaded (429),
   * intake.unavailable
   */
  async submit(items: IngestItem[]): Promise<IngestOutcome[]> {
    const policy = await getActivePolicy(this.#deps.db);
    return this.#batcher.submit(items.map((item) => prepareItem(policy, item)));
  }

  get queued(): number {
    return this.#batcher.queued;
  }

  close(): Promise<void> {
    return this.#batcher.close();
  }
}
