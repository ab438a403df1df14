import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import type { AppConfig } from './config.ts';

/** Everything a use case may need. Use cases take a `Pick` of it so their needs are explicit. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Pick<AppConfig, 'sessionHours' | 'publicUrl'>;
}
