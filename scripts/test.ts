import { spawnSync } from 'node:child_process';

/**
 * `npm test`: type check, lint, then the whole suite with node's test runner (TZ=UTC). On PostgreSQL too
 * when CORDON_TEST_DATABASE_URL is set (CI sets it, and requires it).
 */
const run = (cmd: string, args: string[], env: Record<string, string> = {}) => {
  process.stdout.write(`\n$ ${cmd} ${args.join(' ')}\n`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('npx', ['tsc', '--noEmit']);
run('npx', ['tsc', '--noEmit', '-p', 'web']);
run('npx', ['biome', 'check', '.']);
run(process.execPath, ['scripts/generate-errors-doc.ts', '--check']);
run(process.execPath, ['--test', '--test-concurrency=2', 'src/**/*.test.ts', 'test/**/*.test.ts'], {
  TZ: 'UTC',
});
