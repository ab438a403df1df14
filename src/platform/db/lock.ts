import lockfile from 'proper-lockfile';

/**
 * Takes the exclusive lock on a PGlite data directory, or explains who holds it. The lock is refreshed
 * while the process lives and goes stale 30 s after a crash, so a crashed server does not block a restart
 * for long.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: `${dataDir}/.cordon.lock`,
      stale: 30_000,
      update: 10_000,
      retries: 0,
      realpath: false,
      onCompromised: (error) => {
        // Another process took the directory from us: carrying on would lose data, so stop hard.
        process.stderr.write(
          `cordon: lost the lock on ${dataDir}: ${error.message}; stopping to protect the data\n`,
        );
        process.exit(70);
      },
    });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ELOCKED') {
      throw new DataDirLockedError(dataDir);
    }
    throw error;
  }
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The data directory ${dataDir} is in use by another Cordon process. Embedded PGlite allows one ` +
        'process per directory (a second one would lose data). Stop the other process, or use the CLI ' +
        'against the running server (CORDON_URL), or set DATABASE_URL to use PostgreSQL.',
    );
    this.name = 'DataDirLockedError';
  }
}
