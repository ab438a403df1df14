import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { DEFAULT_URL } from './api-client.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerDirectoryCommands } from './commands/directory.ts';
import { registerEventCommands } from './commands/events.ts';
import { registerIncidentCommands } from './commands/incidents.ts';
import { registerPageCommands } from './commands/pages.ts';
import { registerPolicyCommands } from './commands/policy.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerTokenCommands } from './commands/tokens.ts';
import { registerUserCommands } from './commands/users.ts';
import { type CliContext, type CliIo, createContext, examples } from './context.ts';
import { EXIT, reportError } from './errors.ts';

export type { CliIo } from './context.ts';

const FOOTER = `
Environment:
  CORDON_URL    server address (default ${DEFAULT_URL}); --url overrides it
  CORDON_TOKEN  API token; --token overrides it

Exit status:
  0   done
  1   refused: the server said no (4xx), or a local file or policy is invalid
  2   the server is unreachable or failed (5xx)
  3   audit verify found a broken hash chain
  64  usage error: bad arguments, nothing was sent

Examples:
  $ cordon report --title "Suspicious login" --description "MFA prompt I did not start"
  $ cordon events list --status awaiting_triage
  $ cordon incidents show INC-2026-0007
  $ cordon policy validate policies/default.yaml
`;

/** Server-side commands: they open the database, so they live in src/app and load only when run. */
function registerServerCommands(program: Command, ctx: CliContext): void {
  const serve = program
    .command('serve')
    .description('run the Cordon server: HTTP API, web app and jobs (configured by environment)');
  examples(serve, ['cordon serve', 'DATABASE_URL=postgres://cordon@db/cordon cordon serve']);
  serve.action(async () => {
    ctx.exitCode = await (await import('../app/serve.ts')).serveCommand();
  });
  const migrate = program
    .command('migrate')
    .description('apply database migrations (with an embedded database, stop the server first)');
  examples(migrate, ['cordon migrate']);
  migrate.action(async () => {
    ctx.exitCode = await (await import('../app/migrate.ts')).migrateCommand();
  });
}

/** `cordon events list`, for usage hints. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The whole command tree for one run; exported for tests that walk it. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cordon')
    .description('Cordon: security incident response under your written policy')
    .version(packageJson.version, '-V, --version')
    .option('--url <url>', `Cordon server (env CORDON_URL, default ${DEFAULT_URL})`)
    .option('--token <token>', 'API token (env CORDON_TOKEN)')
    .exitOverride()
    .showHelpAfterError('(add --help for usage and examples)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .addHelpText('after', FOOTER)
    .hook('preAction', (_program, action) => {
      ctx.errorContext.command = commandPath(action);
    });
  registerReportCommand(program, ctx);
  registerEventCommands(program, ctx);
  registerIncidentCommands(program, ctx);
  registerAuditCommands(program, ctx);
  registerPolicyCommands(program, ctx);
  registerUserCommands(program, ctx);
  registerTokenCommands(program, ctx);
  registerPageCommands(program, ctx);
  registerDirectoryCommands(program, ctx);
  registerServerCommands(program, ctx);
  return program;
}

/**
 * Runs one `cordon …` command line and resolves to its exit status. Nothing here touches `process`,
 * so tests drive it in-process; bin/cordon.js wires it to the real terminal.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const ctx = createContext(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    // commander has already printed its message (and help) through configureOutput.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const { text, exitCode } = reportError(err, ctx.errorContext);
    io.stderr(text);
    return exitCode;
  }
}
