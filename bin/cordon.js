#!/usr/bin/env node
// The `cordon` command. Cordon is TypeScript run by Node's type stripping (Node 22.18+ / 24), so the
// version check comes first, before anything imports a .ts file.
if (!process.features.typescript) {
  process.stderr.write(
    `cordon needs Node.js 22.18 or later with TypeScript support (this is Node ${process.versions.node}).\n` +
      'Run it with the Node from the project: ./node_modules/.bin/node bin/cordon.js …\n',
  );
  process.exit(70);
}

const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
});
