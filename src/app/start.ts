import type { FastifyInstance } from 'fastify';
import { type BootstrapResult, bootstrapAdmin } from '../access/bootstrap-admin.ts';
import { AlertIntake } from '../alerts/index.ts';
import { type Engine, startEngine } from '../escalation/index.ts';
import { IncidentBatcher } from '../incidents/declare-batcher.ts';
import { type IntakeListeners, startIntakeListeners } from '../intake/start-listeners.ts';
import { LiveHub } from '../live/hub.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { type Database, openDatabase } from '../platform/db/client.ts';
import { migrateDatabase } from '../platform/db/migrate.ts';
import { Jobs } from '../platform/jobs/jobs.ts';
import { bootstrapPolicy } from '../policy/bootstrap-policy.ts';
import { forgetPolicyCaches } from '../policy/versions.ts';
import type { AppConfig } from './config.ts';
import type { AppDeps } from './deps.ts';
import { buildHttpApp } from './http.ts';

export interface Cordon {
  app: FastifyInstance;
  database: Database;
  deps: AppDeps;
  policy: { loaded: boolean; version: number; name: string };
  admin: BootstrapResult;
  /** Syslog and mail listeners (off unless configured), with the ports they bound. */
  intake: IntakeListeners;
  /** Escalation, notifications, SLA clocks and meetings on pg-boss; `serve` starts its workers. */
  engine: Engine;
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
  let jobs: Jobs | null = null;
  const log = (message: string, error: unknown) => {
    if (config.logLevel !== 'silent')
      process.stderr.write(`${message}: ${error instanceof Error ? error.message : String(error)}\n`);
  };
  try {
    forgetPolicyCaches();
    await migrateDatabase(database);
    jobs = await Jobs.open(database, { onError: (error) => log('jobs', error) });
    const clock = options.clock ?? systemClock;
    const incidentBatcher = new IncidentBatcher({ db: database.db, clock });
    const deps: AppDeps = { db: database.db, clock, config, jobs, incidentBatcher };
    const policy = await bootstrapPolicy(deps, config.policyFile);
    const admin = await bootstrapAdmin(deps, config.adminToken);
    const hub = new LiveHub(deps);
    live = hub;
    await hub.start(database);
    const intake = new AlertIntake(deps, config.intake);
    const app = await buildHttpApp(deps, {
      live: hub,
      intake,
      config,
      readiness: { check: () => database.ping() },
      ...(options.logger === false ? { logger: false } : {}),
    });
    const listeners = await startIntakeListeners(deps, config.intake, intake, app.log);
    const engine = await startEngine({ ...deps, jobs }, log);
    return {
      app,
      database,
      deps,
      policy,
      admin,
      intake: listeners,
      engine,
      close: async () => {
        await listeners.close();
        await hub.stop();
        await app.close();
        await incidentBatcher.close();
        await intake.close();
        await engine.stop();
        await database.close();
      },
    };
  } catch (error) {
    await live?.stop();
    await jobs?.stop().catch(() => {});
    await database.close();
    throw error;
  }
}
