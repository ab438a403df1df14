import type { FastifyInstance } from 'fastify';
import { type BootstrapResult, bootstrapAdmin } from '../access/bootstrap-admin.ts';
import { LiveHub } from '../live/hub.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { type Database, openDatabase } from '../platform/db/client.ts';
import { migrateDatabase } from '../platform/db/migrate.ts';
import { bootstrapPolicy } from '../policy/bootstrap-policy.ts';
import type { AppConfig } from './config.ts';
import type { AppDeps } from './deps.ts';
import { buildHttpApp } from './http.ts';

export interface Cordon {
  app: FastifyInstance;
  database: Database;
  deps: AppDeps;
  policy: { loaded: boolean; version: number; name: string };
  admin: BootstrapResult;
  close(): Promise<void>;
}

/**
 * Opens the database, applies migrations, loads the policy and the first administrator on an empty
 * database, and builds the HTTP app. `serve` listens on it; tests inject into it.
 */
export async function startCordon(
  config: AppConfig,
  options: { clock?: Clock; database?: Database; logger?: boolean } = {},
): Promise<Cordon> {
  const database =
    options.database ??
    (await openDatabase(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize }
        : { kind: 'pglite', dataDir: config.dataDir },
    ));
  let live: LiveHub | null = null;
  try {
    await migrateDatabase(database);
    const deps: AppDeps = { db: database.db, clock: options.clock ?? systemClock, config };
    const policy = await bootstrapPolicy(deps, config.policyFile);
    const admin = await bootstrapAdmin(deps, config.adminToken);
    const hub = new LiveHub(deps);
    live = hub;
    await hub.start(database);
    const app = await buildHttpApp(deps, {
      live: hub,
      config,
      readiness: { check: () => database.ping() },
      ...(options.logger === false ? { logger: false } : {}),
    });
    return {
      app,
      database,
      deps,
      policy,
      admin,
      close: async () => {
        await hub.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await live?.stop();
    await database.close();
    throw error;
  }
}
