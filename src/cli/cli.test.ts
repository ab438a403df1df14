import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { parseArgs } from './args.ts';
import { incidentQuery } from './commands/incidents.ts';
import { reportArgs, reportBody } from './commands/report.ts';
import { createContext } from './context.ts';
import { buildProgram, runCli } from './main.ts';

/** Runs the CLI in-process; `fetch` is a tripwire unless the test passes a real one. */
async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let out = '';
  let err = '';
  let requests = 0;
  const tripwire: typeof fetch = async () => {
    requests++;
    throw new Error('this command must not reach the network');
  };
  const code = await runCli(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    env,
    fetch: tripwire,
    stdin: async () => '',
  });
  return { code, out, err, requests };
}

describe('argument validation', () => {
  const cases: [string[], RegExp][] = [
    [
      ['report', '--title', 'x', '--description', 'y', '--observed-at', 'yesterday'],
      /--observed-at: must be an ISO-8601/,
    ],
    [['report', '--title', 'x', '--description', 'y', '--observed-at', '2026-03-01T14:30:00'], /with a zone/],
    [['report', '--title', ' ', '--description', 'y'], /--title: must not be empty/],
    [['report', '--description', 'y'], /required option '--title <text>' not specified/],
    [['report', '--title', 'x', '--description', 'y', '--reporter-email', 'a@b.example'], /--reporter-name/],
    [['report', '--title', 'x', '--description', 'y', '--on-behalf-of-customer'], /on behalf of a customer/],
    [
      ['events', 'list', '--status', 'open'],
      /--status: must be one of: awaiting_triage, dismissed, merged, promoted/,
    ],
    [['events', 'list', '--limit', '0'], /--limit: must be between 1 and 200/],
    [['events', 'list', '--limit', 'ten'], /--limit: must be a number/],
    [['events', 'show', 'INC-2026-0001'], /REF: must be an event reference such as EVT-2026-000042/],
    [
      ['events', 'dismiss', 'EVT-2026-000001', '--reason', 'boring'],
      /--reason: must be one of: false_positive/,
    ],
    [
      ['events', 'promote', 'EVT-2026-000001', '--type', 'Malware!', '--severity', 'P1'],
      /--type: must be a policy key/,
    ],
    [
      ['events', 'merge', 'EVT-2026-000001', '--incident', 'EVT-2026-000002'],
      /--incident: must be an incident key/,
    ],
    [['incidents', 'list', '--open', '--closed'], /give --open or --closed, not both/],
    [['incidents', 'move', 'INC-2026-0001'], /missing required argument 'PHASE'/],
    [['incidents', 'severity', 'INC-2026-0001', 'P1'], /required option '--reason <text>'/],
    [['incidents', 'rca', 'INC-2026-0001'], /--file: give exactly one of --file or --body/],
    [['incidents', 'rca', 'INC-2026-0001', '--file', 'a.md', '--body', 'b'], /exactly one/],
    [['incidents', 'note', 'INC-2026-0001', ''], /TEXT: must not be empty/],
    [['policy', 'activate', 'latest'], /VERSION: must be a number/],
    [['user', 'add', 'j doe', '--name', 'J'], /USERNAME: must be letters/],
    [
      ['user', 'add', 'jdoe', '--name', 'J', '--role', 'Security Delegate'],
      /--role\[0\]: must be a policy key/,
    ],
    [['token', 'create', '--name', 'ci', '--expires-at', 'tomorrow'], /--expires-at: must be an ISO-8601/],
    [['events', 'lst'], /unknown command 'lst'/],
    [['incidents', 'list', '--colour'], /unknown option '--colour'/],
    [['--url', 'ftp://example.com', 'events', 'list'], /--url: must be an http/],
  ];
  for (const [argv, message] of cases) {
    it(`refuses \`cordon ${argv.join(' ')}\` with exit 64 and sends nothing`, async () => {
      const r = await run(argv);
      assert.equal(r.code, 64, r.err);
      assert.match(r.err, message);
      assert.equal(r.requests, 0);
      assert.equal(r.out, '');
    });
  }

  it('names CORDON_URL when the environment holds a bad address', async () => {
    const r = await run(['events', 'list'], { CORDON_URL: 'localhost:8080' });
    assert.equal(r.code, 64);
    assert.match(r.err, /CORDON_URL: must be an http/);
  });

  it('points at the help of the command that was misused', async () => {
    const r = await run(['events', 'list', '--limit', '500']);
    assert.match(r.err, /run `cordon events list --help` for usage and examples/);
  });
});

describe('request bodies', () => {
  it('maps report options to POST /reports with the cli channel and UTC times', () => {
    const args = parseArgs(reportArgs, {
      title: 'Laptop stolen',
      description: 'From the car',
      observedAt: '2026-03-01T19:00:00+01:00',
      system: ['laptop-42'],
      account: [],
      reporterName: 'Ann Lee',
      reporterEmail: 'ann@customer.example',
      onBehalfOfCustomer: true,
    });
    assert.deepEqual(JSON.parse(JSON.stringify(reportBody(args))), {
      title: 'Laptop stolen',
      description: 'From the car',
      observedAt: '2026-03-01T18:00:00.000Z',
      systems: ['laptop-42'],
      channel: 'cli',
      reporter: { name: 'Ann Lee', email: 'ann@customer.example' },
      onBehalfOfCustomer: true,
    });
  });

  it('maps --open / --closed to the open query parameter', () => {
    const base = { open: false, closed: false, restricted: false, all: false, json: false };
    assert.equal(incidentQuery({ ...base, closed: true }).open, 'false');
    assert.equal(incidentQuery({ ...base, open: true }).open, 'true');
    assert.equal(incidentQuery(base).open, undefined);
  });
});

describe('help', () => {
  const leaves: string[][] = [];
  const walk = (cmd: Command, path: string[]) => {
    const subs = cmd.commands.filter((c) => c.name() !== 'help');
    if (subs.length === 0 && path.length > 0) leaves.push(path);
    for (const sub of subs) walk(sub, [...path, sub.name()]);
  };
  walk(buildProgram(createContext({ stdout: () => {}, stderr: () => {}, env: {} })), []);

  it('covers the commands of the contract', () => {
    const names = leaves.map((l) => l.join(' '));
    for (const expected of [
      'report',
      'events list',
      'events promote',
      'incidents move',
      'incidents rca',
      'audit verify',
      'policy validate',
      'user add',
      'token create',
      'token revoke',
      'serve',
      'migrate',
    ]) {
      assert.ok(names.includes(expected), `missing ${expected}`);
    }
  });

  it('prints usage and examples for every command, exit 0', async () => {
    for (const path of leaves) {
      const r = await run([...path, '--help']);
      assert.equal(r.code, 0, path.join(' '));
      assert.match(r.out, new RegExp(`^Usage: cordon ${path.join(' ')}`), path.join(' '));
      assert.match(r.out, /\nExamples:\n {2}\$ cordon/, path.join(' '));
    }
  });

  it('explains the exit codes at the top level, and prints the version', async () => {
    const help = await run(['--help']);
    assert.match(help.out, /Exit status:[\s\S]*64 {2}usage error/);
    const version = await run(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.out, /^\d+\.\d+\.\d+\n$/);
  });

  it('shows help and exits 64 when no command is given', async () => {
    const r = await run([]);
    assert.equal(r.code, 64);
    assert.match(r.err, /Usage: cordon/);
  });
});

describe('an unreachable server', () => {
  it('exits 2 with a message naming the URL', async () => {
    // A port that was just free: nothing listens on it, so the connection is refused for real.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const address = probe.address();
    assert.ok(address && typeof address === 'object');
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = `http://127.0.0.1:${address.port}`;
    let err = '';
    const code = await runCli(['events', 'list'], {
      stdout: () => {},
      stderr: (s) => {
        err += s;
      },
      env: { CORDON_URL: url },
    });
    assert.equal(code, 2);
    assert.match(err, new RegExp(`cannot reach the Cordon server at ${url} \\(connection refused`));
  });
});
