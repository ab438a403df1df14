import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemClock } from '../platform/clock.ts';
import { ApiClient, DEFAULT_URL } from './api-client.ts';
import { httpUrl } from './args.ts';
import { CliFailure, type ErrorContext, EXIT, UsageError } from './errors.ts';

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export type CliIo = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  /** Reads all of standard input (`--password-stdin`, `--file -`); defaults to process.stdin. */
  stdin?: () => Promise<string>;
};

/** What command actions use: the API, output, files and the exit code of this run. */
export type CliContext = {
  readonly io: CliIo;
  api(cmd: Command): ApiClient;
  print(text: string): void;
  json(value: unknown): void;
  readText(path: string): Promise<string>;
  readStdin(): Promise<string>;
  now(): number;
  /** Set by commands whose success has degrees (audit verify); 0 unless set. */
  exitCode: number;
  /** Lets error messages point at the right file or incident. */
  errorContext: ErrorContext;
};

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Global options come from the command line first, then the environment, then the default. */
function resolveConnection(cmd: Command, env: CliIo['env']): { baseUrl: string; token: string | undefined } {
  const opts = cmd.optsWithGlobals<{ url?: string; token?: string }>();
  const fromFlag = opts.url !== undefined;
  const raw = opts.url ?? env.CORDON_URL ?? DEFAULT_URL;
  const result = httpUrl.safeParse(raw);
  if (!result.success) {
    const source = fromFlag ? '--url' : 'CORDON_URL';
    throw new UsageError(
      `${source}: must be an http:// or https:// URL such as ${DEFAULT_URL} (got "${raw}")`,
    );
  }
  const token = opts.token ?? env.CORDON_TOKEN;
  return { baseUrl: result.data, token: token === '' ? undefined : token };
}

export function createContext(io: CliIo): CliContext {
  const readStdin = io.stdin ?? readProcessStdin;
  return {
    io,
    exitCode: EXIT.ok,
    errorContext: {},
    api(cmd) {
      const { baseUrl, token } = resolveConnection(cmd, io.env);
      return new ApiClient({ baseUrl, token, fetch: io.fetch ?? globalThis.fetch });
    },
    print(text) {
      io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    },
    json(value) {
      io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    },
    async readText(path) {
      if (path === '-') return readStdin();
      try {
        return await readFile(path, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code);
        throw new CliFailure(`cannot read ${path}: ${why}`);
      }
    },
    readStdin,
    now: () => systemClock.now().getTime(),
  };
}

/** `--json` on every command that talks to the API. */
export function withJson(cmd: Command): Command {
  return cmd.option('--json', 'print the raw API JSON instead of text (for scripts)');
}

/** Appends an "Examples:" block to a command's --help. */
export function examples(cmd: Command, lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}
