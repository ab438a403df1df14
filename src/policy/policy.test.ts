import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadPreset, PRESET_NAMES, type PresetName } from './load.ts';
import type { Policy } from './schema.ts';

/**
 * The shipped presets parse and the default policy covers both seed documents. Each test is named
 * after the rule it checks, in the policy's own words.
 */

const load = (name: PresetName): Policy => loadPreset(name);

function severity(p: Policy, key: string) {
  const s = p.severities.find((x) => x.key === key);
  assert.ok(s, `severity ${key} is defined`);
  return s;
}

describe('every preset', () => {
  for (const name of PRESET_NAMES) {
    test(`${name} parses`, () => {
      const p = load(name);
      assert.equal(p.metadata.name, name);
    });

    test(`${name}: severities run from P0 (most severe) to P3`, () => {
      const p = load(name);
      assert.deepEqual(
        p.severities.map((s) => [s.key, s.name, s.rank]),
        [
          ['P0', 'Critical', 0],
          ['P1', 'High', 1],
          ['P2', 'Medium', 2],
          ['P3', 'Low', 3],
        ],
      );
    });

    test(`${name}: every event ends with a disposition`, () => {
      assert.deepEqual(load(name).intake.dispositions, [
        'false-positive',
        'benign',
        'hoax',
        'duplicate',
        'out-of-scope',
        'other',
      ]);
    });

    test(`${name}: every incident can reach a closing phase from the initial phase`, () => {
      const p = load(name);
      const next = new Map(p.phases.map((ph) => [ph.key, ph.next]));
      const reached = new Set([p.initialPhase]);
      for (const key of reached) for (const n of next.get(key) ?? []) reached.add(n);
      assert.deepEqual([...reached].sort(), p.phases.map((ph) => ph.key).sort(), 'every phase is reachable');
      assert.ok(p.phases.some((ph) => ph.closing && reached.has(ph.key)));
    });
  }
});

describe('default policy', () => {
  const p = load('default');

  test('an administrator manages users and tokens, and the first one can run a response', () => {
    const admin = p.roles.find((r) => r.key === 'administrator');
    assert.ok(admin?.permissions.includes('users.manage'));
    assert.ok(admin?.permissions.includes('tokens.manage'));
    assert.deepEqual(p.access.bootstrapRoles, ['administrator', 'security-delegate']);
  });

  test('carries the roles, positions and teams of both documents', () => {
    const roles = p.roles.map((r) => r.key);
    for (const r of [
      'security-delegate',
      'incident-response-team',
      'engineer',
      'user',
      'customer',
      'legal-counsel',
    ])
      assert.ok(roles.includes(r), r);
    for (const r of ['executive-management', 'devops', 'incident-commander', 'director-of-customer-service'])
      assert.ok(roles.includes(r), r);
    assert.deepEqual(p.positions.map((x) => x.key).sort(), [
      'ceo',
      'ciso',
      'cto',
      'director-of-customer-service',
      'manager-of-devops',
      'security-delegate',
    ]);
    assert.deepEqual(p.teams.map((t) => t.key).sort(), [
      'customer-success',
      'devops',
      'executive-management',
      'legal',
    ]);
  });

  test('every open phase may step back and may close; the closure gates decide', () => {
    const open = p.phases.filter((ph) => !ph.closing);
    assert.deepEqual(
      open.map((ph) => ph.key),
      ['analysis', 'investigation', 'containment', 'eradication', 'recovery', 'review'],
    );
    open.forEach((ph, i) => {
      assert.ok(ph.next.includes('closed'), ph.key);
      for (const earlier of open.slice(0, i))
        assert.ok(ph.next.includes(earlier.key), `${ph.key} → ${earlier.key}`);
    });
    assert.ok(open.some((ph) => ph.key === p.reopenTo));
  });

  test('a P0 incident also needs a root cause analysis before it closes', () => {
    assert.ok(severity(p, 'P0').requiredBeforeClose.includes('rca'));
    assert.ok(p.closure.some((g) => g.requires === 'rca' && g.severities?.includes('P0')));
  });

  test("incident types include the collection form's and the suspected data breach", () => {
    const keys = p.incidentTypes.map((t) => t.key);
    for (const k of [
      'denial-of-service',
      'unauthorized-use',
      'hoax',
      'probe',
      'malicious-code',
      'unauthorized-access',
      'other',
      'data-breach',
      'root-account-compromise',
      'lost-or-stolen-device',
      'suspicious-email',
      'system-outage',
    ])
      assert.ok(keys.includes(k), k);
    assert.equal(p.incidentTypes.find((t) => t.key === 'data-breach')?.suspectedBreach, true);
  });

  test('suspected and confirmed unauthorized access events are reviewed for a data breach', () => {
    assert.equal(p.incidentTypes.find((t) => t.key === 'unauthorized-access')?.suspectedBreach, true);
  });

  test("both documents' history is kept", () => {
    assert.deepEqual(
      p.history.map((h) => h.date),
      ['6/13/25', '5/1/2020'],
    );
  });
});
