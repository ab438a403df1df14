import { openDatabase } from '../platform/db/client.ts';
import { DataDirLockedError } from '../platform/db/lock.ts';
import { migrateDatabase } from '../platform/db/migrate.ts';
import { ConfigError, loadConfig } from './config.ts';

/**
 * `cordon migrate`: applies pending migrations and exits. On embedded PGlite the server must be stopped
 * first (the data directory is locked while it runs, and the message says so).
 */
export async function migrateCommand(): Promise<number> {
  try {
    const config = loadConfig(process.env);
    const database = await openDatabase(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl }
        : { kind: 'pglite', dataDir: config.dataDir },
    );
    try {
      await migrateDatabase(database);
      process.stdout.write(`Migrations applied (${database.kind}).\n`);
    } finally {
      await database.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
}
