import { DataDirLockedError } from '../platform/db/lock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startCordon } from './start.ts';
import { buildWebAppIfMissing } from './web.ts';

/** `cordon serve` / `npm start`: runs Cordon until SIGINT or SIGTERM. */
export async function serveCommand(): Promise<number> {
  let cordon: Awaited<ReturnType<typeof startCordon>>;
  try {
    const config = loadConfig(process.env);
    process.stdout.write(
      `Cordon is starting on ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite (${config.dataDir})`}…\n`,
    );
    await buildWebAppIfMissing();
    cordon = await startCordon(config);
    const address = await cordon.app.listen({ port: config.port, host: config.host });
    // Escalation, deliveries and timers run here unless this is a web-only process (CORDON_WORKERS=false).
    if (config.workers) await cordon.engine.startWorkers(cordon.database);
    printFirstStart(cordon, address);
    process.stdout.write(
      `Cordon is serving ${address}  (API docs: ${address}/api/docs, policy v${cordon.policy.version} "${cordon.policy.name}")\n`,
    );
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write('Cordon is stopping…\n');
  await cordon.close();
  return 0;
}

function printFirstStart(cordon: Awaited<ReturnType<typeof startCordon>>, address: string): void {
  const admin = cordon.admin;
  if (!admin.created) return;
  if (admin.via === 'admin-token') {
    process.stdout.write(
      'First start: created the administrator "admin"; CORDON_ADMIN_TOKEN is its API token.\n',
    );
    return;
  }
  // Printed once, never stored in clear: the only way in to a fresh install, with no default password.
  process.stdout.write(
    [
      '',
      '  First start: created the administrator "admin".',
      `  Open ${address}/setup and enter this one-time set-up secret to choose your username and password`,
      '  (or exchange it with the API, as below).',
      `  It works once and expires ${admin.expiresAt.toISOString()}:`,
      '',
      `      ${admin.secret}`,
      '',
      `  curl -X POST ${address}/api/v1/auth/setup -H 'content-type: application/json' \\`,
      `       -d '{"secret":"${admin.secret}","username":"you","password":"at least 12 characters"}'`,
      '',
      '',
    ].join('\n'),
  );
}
