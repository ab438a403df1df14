import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataDirLockedError, lockDataDir } from './lock.ts';

test('a second opener of a PGlite data directory is refused with a clear message, and may open it once released', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-lock-'));
  try {
    const release = await lockDataDir(dir);
    await assert.rejects(lockDataDir(dir), (error: Error) => {
      assert.ok(error instanceof DataDirLockedError);
      assert.match(error.message, /in use by another Cordon process/);
      return true;
    });
    await release();
    const again = await lockDataDir(dir);
    await again();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
