import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './main.ts';

const MINIMAL = `apiVersion: cordon/v1
kind: Policy
metadata:
  name: mini
  title: Minimal policy
roles:
  - key: security-delegate
    name: Security Delegate
access:
  restrictedReaders: [security-delegate]
severities:
  - key: P1
    name: High
    rank: 1
    definition: Strong likelihood of an attack.
    remediationSla: 14d
    requiredBeforeClose: [rca]
  - key: P2
    name: Medium
    rank: 2
    definition: Unconfirmed.
incidentTypes:
  - key: malware
    name: Malicious code
phases:
  - key: triage
    name: Triage
    next: [closed]
  - key: closed
    name: Closed
    closing: true
    next: [triage]
initialPhase: triage
reopenTo: triage
intake:
  dispositions: [false-positive]
`;

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const noNetwork: typeof fetch = async () => {
    throw new Error('policy validate must not use the network');
  };
  const code = await runCli(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    env: {},
    fetch: noNetwork,
  });
  return { code, out, err };
}

describe('cordon policy validate (local)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cordon-cli-policy-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('summarizes a valid policy: name, severities, phases, roles; exit 0', async () => {
    const file = join(dir, 'mini.yaml');
    await writeFile(file, MINIMAL);
    const r = await run(['policy', 'validate', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^${file}: valid\n`));
    assert.match(r.out, /^Name: +mini$/m);
    assert.match(r.out, /^Severities: +P1 High \(SLA 14d; needs rca to close\)$/m);
    assert.match(r.out, /^ +P2 Medium$/m);
    assert.match(r.out, /^Phases: +triage → closed$/m);
    assert.match(r.out, /^ +closed \[closing\] → triage$/m);
    assert.match(r.out, /^Roles: +security-delegate \(Security Delegate\)$/m);
  });

  it('prints every error with file:line:column, field and message; exit 1', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, MINIMAL.replace('rank: 2', 'rank: 1').replace('next: [closed]', 'next: [closd]'));
    const r = await run(['policy', 'validate', file]);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, new RegExp(`${file}:\\d+:\\d+ +severities\\[1\\]\\.rank +rank 1 is used twice`));
    assert.match(r.err, new RegExp(`${file}:\\d+:\\d+ +phases\\[0\\]\\.next\\[0\\] +unknown phase "closd"`));
    assert.match(r.err, /2 errors; the policy is not valid\n$/);
  });

  it('reports a missing file as an error, exit 1', async () => {
    const r = await run(['policy', 'validate', join(dir, 'missing.yaml')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /missing\.yaml.*cannot read the policy file/);
  });

  it('gives scripts the errors as JSON', async () => {
    const file = join(dir, 'kind.yaml');
    await writeFile(file, MINIMAL.replace('kind: Policy', 'kind: Polcy'));
    const r = await run(['policy', 'validate', file, '--json']);
    assert.equal(r.code, 1);
    const parsed = JSON.parse(r.out) as { ok: boolean; errors: { line: number; path: string }[] };
    assert.equal(parsed.ok, false);
    assert.equal(parsed.errors[0]?.line, 2);
    assert.equal(parsed.errors[0]?.path, 'kind');
  });
});
