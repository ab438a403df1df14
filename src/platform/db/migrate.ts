import { join } from 'node:path';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './client.ts';

/** The one migrations folder, shared by PGlite and PostgreSQL. */
export const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', '..', 'migrations');

/** Applies pending migrations; re-running is a no-op. */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR, migrationsSchema: 'cordon_meta' };
  if (database.pglite) {
    await migratePglite(drizzlePglite(database.pglite), config);
  } else if (database.pool) {
    // Several web/worker processes may start together on PostgreSQL: one migrates, the others wait.
    const client = await database.pool.connect();
    try {
      await client.query('select pg_advisory_lock(7410521)');
      await migrateNodePg(drizzleNodePg(client), config);
    } finally {
      await client.query('select pg_advisory_unlock(7410521)').catch(() => {});
      client.release();
    }
  }
}
