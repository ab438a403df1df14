import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEB_DIST, WEB_ROOT } from '../../../src/app/web.ts';

/** Newest modification time of the web app's sources (web/src, index.html, public, the Vite config). */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    const s = statSync(path);
    if (s.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of ['src', 'public', 'index.html', 'vite.config.ts']) {
    const path = join(WEB_ROOT, p);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

function isFresh(): boolean {
  const index = join(WEB_DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestSource();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds web/dist once for the browser tests, reusing it when it is newer than every source. Test files run
 * in parallel, so the build is guarded by a lock directory (mkdir is atomic); a lock older than two minutes
 * is taken to be left over from a crashed run.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (isFresh()) return;
  const lock = join(
    tmpdir(),
    `cordon-web-build-${createHash('sha256').update(WEB_ROOT).digest('hex').slice(0, 12)}`,
  );
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      if (isFresh()) return;
    }
  }
  try {
    if (isFresh()) return;
    const { build } = await import('vite');
    await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
