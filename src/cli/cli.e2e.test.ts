import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer } from '../../test/harness/server.ts';
import type { Incident, Page, PolicyDocument, PolicyVersion } from './api-types.ts';
import { runCli } from './main.ts';

/**
 * The CLI against a real Cordon server on a real database (test/harness/server.ts), with the real
 * fetch: a P1 from report to closure, through every phase the active policy allows, with the
 * policy's RCA rule refusing the first close (incident-response-plan: "a documented root cause
 * analysis shall be performed on P1 incidents").
 */

type Run = { code: number; out: string; err: string };

/** The longest path of distinct phases from `from` to a closing phase: it visits as many as it can. */
export function phasePath(doc: PolicyDocument, from: string): string[] {
  const phases = new Map((doc.phases ?? []).map((p) => [p.key, p]));
  let best: string[] = [];
  const walk = (key: string, path: string[]) => {
    const phase = phases.get(key);
    if (!phase) return;
    if (phase.closing) {
      if (path.length > best.length) best = path;
      return;
    }
    for (const next of phase.next ?? []) if (!path.includes(next)) walk(next, [...path, next]);
  };
  walk(from, [from]);
  return best;
}

describe('cordon against a real server', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let dir = '';
  let env: Record<string, string> = {};
  const state = { ref: '', key: '', closing: '', doc: {} as PolicyDocument };

  const cordon = async (...argv: string[]): Promise<Run> => {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
      env,
    });
    return { code, out, err };
  };
  const ok = async (...argv: string[]): Promise<Run> => {
    const r = await cordon(...argv);
    assert.equal(r.code, 0, `cordon ${argv.join(' ')} failed:\n${r.err}`);
    return r;
  };

  before(async () => {
    server = await startTestServer();
    env = { CORDON_URL: server.url, CORDON_TOKEN: server.adminToken };
    dir = await mkdtemp(join(tmpdir(), 'cordon-cli-e2e-'));
  });
  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('files a report and prints only its reference', async () => {
    const r = await ok(
      'report',
      '--title',
      'Unknown SSH key on bastion',
      '--description',
      'authorized_keys on bastion-1 has a key nobody owns',
      '--observed-at',
      '2026-03-01T09:15:00+01:00',
      '--system',
      'bastion-1',
      '--account',
      'root',
    );
    assert.match(r.out, /^EVT-\d{4}-\d+\n$/);
    state.ref = r.out.trim();
    assert.match(r.err, new RegExp(`Quote ${state.ref}`));
  });

  it('lists the event awaiting triage, as a table and as JSON', async () => {
    const table = await ok('events', 'list', '--status', 'awaiting_triage');
    assert.match(table.out, /^REF +STATUS +SOURCE/);
    assert.match(
      table.out,
      new RegExp(`^${state.ref} +awaiting_triage +cli .*Unknown SSH key on bastion$`, 'm'),
    );
    const json = JSON.parse((await ok('events', 'list', '--json')).out) as Page<{
      ref: string;
      observedAt: string;
    }>;
    const event = json.items.find((e) => e.ref === state.ref);
    assert.equal(event?.observedAt, '2026-03-01T08:15:00.000Z');
  });

  it('promotes the event to a P1 incident', async () => {
    const policy = JSON.parse((await ok('policy', 'show', '--json')).out) as PolicyVersion;
    state.doc = policy.document;
    const types = (state.doc.incidentTypes ?? []).map((t) => t.key);
    const type = types.includes('unauthorized-access') ? 'unauthorized-access' : (types[0] ?? 'other');
    const r = await ok(
      'events',
      'promote',
      state.ref,
      '--type',
      type,
      '--severity',
      'P1',
      '--note',
      'Confirmed',
    );
    const match = /promoted to (INC-\d{4}-\d+) \(P1, ([a-z0-9-]+)\)/.exec(r.out);
    assert.ok(match, r.out);
    state.key = match[1] ?? '';
    const shown = await ok('events', 'show', state.ref);
    assert.match(shown.out, new RegExp(`^Disposition: +promote → ${state.key} by `, 'm'));
  });

  it('shows the incident with its SLA and timeline', async () => {
    const r = await ok('incidents', 'show', state.key);
    assert.match(r.out, new RegExp(`^Key: +${state.key}$`, 'm'));
    assert.match(r.out, /^Severity: +P1$/m);
    assert.match(r.out, /^SLA due: +\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+d/m);
    assert.match(r.out, /^RCA: +not recorded$/m);
    assert.match(r.out, /\nTimeline\nSEQ +AT +ACTOR +KIND +DETAILS\n/);
    const list = await ok('incidents', 'list', '--open', '--severity', 'P1', '--all');
    assert.match(list.out, new RegExp(`^${state.key} +P1 `, 'm'));
  });

  it('moves the incident through the phases the policy allows, refusing a jump', async () => {
    const incident = JSON.parse((await ok('incidents', 'show', state.key, '--json')).out) as Incident;
    const path = phasePath(state.doc, incident.phase);
    assert.ok(path.length >= 3, `the policy should have phases between ${incident.phase} and closing`);
    state.closing = path.at(-1) ?? '';
    // A jump the policy does not list in `next` is refused with the moves that are allowed.
    const from = (state.doc.phases ?? []).find((p) => p.key === incident.phase);
    const jump = path.slice(1, -1).find((p) => !from?.next?.includes(p));
    if (jump !== undefined) {
      const refused = await cordon('incidents', 'move', state.key, jump);
      assert.equal(refused.code, 1, refused.out);
      assert.match(refused.err, /^error incident\.invalid_transition: /);
      assert.match(refused.err, /^ {2}allowed: /m);
    }
    for (const phase of path.slice(1, -1)) {
      const r = await ok('incidents', 'move', state.key, phase, '--reason', `entering ${phase}`);
      assert.equal(r.out, `${state.key} moved to ${phase}\n`);
    }
  });

  it('refuses to close the P1 without an RCA, naming the rule and how to unblock it', async () => {
    const r = await cordon('incidents', 'move', state.key, state.closing);
    assert.equal(r.code, 1, r.err);
    assert.equal(r.out, '');
    assert.match(r.err, /^error incident\.closure_gate: /);
    assert.match(r.err, /^ {2}1\. blocked by rule \S+: .*(root cause|RCA)/im);
    assert.match(r.err, new RegExp(`^ {5}unblock: .*cordon incidents rca ${state.key}`, 'm'));
  });

  it('records the RCA from a file, then closes', async () => {
    const file = join(dir, 'rca.md');
    await writeFile(file, '# Root cause\n\nA contractor key was never removed after offboarding.\n');
    const rca = await ok('incidents', 'rca', state.key, '--file', file);
    assert.match(rca.out, new RegExp(`^RCA for ${state.key} saved \\(version 1\\)\n$`));
    await ok('incidents', 'note', state.key, 'Key removed; offboarding checklist updated');
    const closed = await ok('incidents', 'move', state.key, state.closing, '--reason', 'RCA reviewed');
    assert.match(closed.out, new RegExp(`^${state.key} closed \\(${state.closing}, `));
    const incident = JSON.parse((await ok('incidents', 'show', state.key, '--json')).out) as Incident;
    assert.ok(incident.closedAt);
    assert.equal(incident.hasRca, true);
    const timeline = await ok('incidents', 'timeline', state.key);
    assert.match(timeline.out, /Key removed; offboarding checklist updated/);
  });

  it('lists the audit entries of the incident and verifies every chain', async () => {
    const audit = await ok('audit', 'list', '--incident', state.key);
    assert.match(audit.out, /^SEQ +AT +ACTOR +ACTION/);
    assert.match(audit.out, new RegExp(` ${state.key} `));
    const verify = await cordon('audit', 'verify');
    assert.equal(verify.code, 0, verify.out + verify.err);
    assert.match(verify.out, /^audit log: ok \(\d+ entries checked\)\nincident timelines: ok /);
  });

  it('explains refusals: an unknown event, and no credentials', async () => {
    const missing = await cordon('events', 'show', 'EVT-2099-999999');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^error event\.not_found: /);
    const saved = env;
    env = { CORDON_URL: server.url };
    const anonymous = await cordon('incidents', 'list');
    env = saved;
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.err, /^error auth\.\w+: /);
    assert.match(anonymous.err, /--token or set CORDON_TOKEN/);
  });
});
