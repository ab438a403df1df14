import { runCli } from '../cli/main.ts';

// The `cordon` command: `serve` and `migrate` run the server side; everything else talks to the API.
const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
});
process.exitCode = code;
