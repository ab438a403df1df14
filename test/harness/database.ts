import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/platform/db/client.ts';
import { MIGRATIONS_DIR, migrateDatabase } from '../../src/platform/db/migrate.ts';

export type BackendName = 'pglite' | 'postgres';

/**
 * The databases the suite runs on: PGlite always; PostgreSQL when CORDON_TEST_DATABASE_URL is set. CI sets
 * CORDON_TEST_REQUIRE_POSTGRES=1 so a missing PostgreSQL fails the run instead of skipping.
 */
export function testBackends(): BackendName[] {
  const url = process.env.CORDON_TEST_DATABASE_URL;
  if (!url && process.env.CORDON_TEST_REQUIRE_POSTGRES === '1') {
    throw new Error('CORDON_TEST_REQUIRE_POSTGRES=1 but CORDON_TEST_DATABASE_URL is not set');
  }
  return url ? ['pglite', 'postgres'] : ['pglite'];
}

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).sort())
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  return h.digest('hex').slice(0, 16);
}

/**
 * A fresh PGlite takes ~5 s to create (initdb in wasm); loading a dump of a migrated one takes ~1 s. The
 * dump is made once per migrations version and shared by every test file.
 */
async function goldenImage(): Promise<Blob> {
  const path = join(tmpdir(), `cordon-test-golden-${migrationsHash()}.tar.gz`);
  if (!existsSync(path)) {
    const db = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrateDatabase(db);
    const dump = await db.pglite?.dumpDataDir('gzip');
    await db.close();
    if (!dump) throw new Error('PGlite dump failed');
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, path);
  }
  return new Blob([readFileSync(path)]);
}

/** A new, migrated, empty database on the given backend; closing it drops it. */
export async function createTestDatabase(backend: BackendName): Promise<Database> {
  if (backend === 'pglite') {
    return openDatabase({ kind: 'pglite', dataDir: null, loadDataDir: await goldenImage() });
  }
  const base = process.env.CORDON_TEST_DATABASE_URL;
  if (!base) throw new Error('CORDON_TEST_DATABASE_URL is not set');
  const name = `cordon_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 });
  await migrateDatabase(db);
  return {
    ...db,
    close: async () => {
      await db.close();
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
