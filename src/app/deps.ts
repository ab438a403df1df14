import type { IncidentBatcher } from '../incidents/declare-batcher.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import type { JobScheduler } from '../platform/jobs/jobs.ts';
import type { AppConfig } from './config.ts';

/** Everything a use case may need. Use cases take a `Pick` of it so their needs are explicit. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Pick<AppConfig, 'sessionHours' | 'publicUrl' | 'notifications' | 'maxAttachmentBytes'>;
  /** Timers and background work, sent inside the use case's transaction (platform/jobs). */
  jobs: JobScheduler;
  /** This process's group commit for declarations (incidents/declare-batcher.ts). */
  incidentBatcher: IncidentBatcher;
}
