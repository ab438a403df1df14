import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTestSource } from '../fixtures/intake/sources.ts';
import { startTestCordon, type TestCordon } from '../harness/cordon.ts';

/**
 * Real detection tools from Debian's packages, driven end to end against a real Cordon on 127.0.0.1.
 * A missing tool skips its test with the reason, unless CORDON_TEST_REQUIRE_TOOLS=1 (CI), where it fails.
 */
export function toolMissing(binary: string, pkg: string): string | false {
  const found = binary.startsWith('/') ? existsSync(binary) : spawnSync('which', [binary]).status === 0;
  if (found) return false;
  const reason = `${binary} is not installed (apt-get install ${pkg})`;
  if (process.env.CORDON_TEST_REQUIRE_TOOLS === '1')
    throw new Error(`CORDON_TEST_REQUIRE_TOOLS=1 but ${reason}`);
  return reason;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface ToolCordon {
  t: TestCordon;
  url: string;
  /** An alert source registered for the tool, with its token. */
  source(name: string, kind?: string): Promise<{ id: string; token: string }>;
  events(): Promise<
    {
      ref: string;
      title: string;
      source: string;
      count: number;
      status: string;
      resolvedAt: string | null;
      alert: { entities: Record<string, string[]>; labels: Record<string, string> } | null;
    }[]
  >;
  close(): Promise<void>;
}

/** Cordon on PGlite, listening on 127.0.0.1 (HTTP, and syslog when asked). */
export async function startToolCordon(env: Record<string, string> = {}): Promise<ToolCordon> {
  const t = await startTestCordon('pglite', { env });
  const url = await t.cordon.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    t,
    url,
    source: (name, kind = 'generic') => registerTestSource(t, name, kind),
    events: async () => (await t.api('GET', '/api/v1/events?limit=200')).json().items,
    close: () => t.close(),
  };
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `cordon-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Starts a long-running tool; its output is kept for failure messages. */
export function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string; stop(): Promise<void> } {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return {
    child,
    output: () => out.slice(-4000),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 20_000,
  context = () => '',
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
