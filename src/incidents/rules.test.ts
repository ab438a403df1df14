import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../platform/errors.ts';
import { loadPreset, PRESET_NAMES, type PresetName } from '../policy/load.ts';
import type { Policy } from '../policy/schema.ts';
import {
  allowedNext,
  assertIncidentType,
  assertTransition,
  type ClosureContext,
  canTransition,
  closureViolations,
  getSeverity,
  remediationDueAt,
} from './rules.ts';

const presets = Object.fromEntries(PRESET_NAMES.map((n) => [n, loadPreset(n)])) as Record<PresetName, Policy>;
const DAY = 86_400_000;
const KEY = 'INC-2026-0042';

/** The AppError `fn` throws; fails when it throws nothing or something else. */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AppError, `expected an AppError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected an AppError, nothing was thrown');
}

/**
 * The moves each preset's file writes down (phases[].next), plus the reopen move from `closed`. Written out
 * by hand so that a change to how the table is read, or to the presets themselves, is noticed.
 */
const WRITTEN_MOVES: Record<PresetName, Record<string, string[]>> = {
  default: {
    analysis: ['investigation', 'containment', 'closed'],
    investigation: ['containment', 'analysis', 'closed'],
    containment: ['eradication', 'recovery', 'investigation', 'analysis', 'closed'],
    eradication: ['recovery', 'containment', 'investigation', 'analysis', 'closed'],
    recovery: ['review', 'eradication', 'containment', 'investigation', 'analysis', 'closed'],
    review: ['closed', 'recovery', 'eradication', 'containment', 'investigation', 'analysis'],
    closed: ['investigation'],
  },
  // The Incident Management Policy runs its phases in order; closing early only from detection.
  'incident-management-policy': {
    'detection-and-analysis': ['containment-and-lockdown', 'closed'],
    'containment-and-lockdown': ['eradication'],
    eradication: ['recovery'],
    recovery: ['review'],
    review: ['closed'],
    closed: ['detection-and-analysis'],
  },
  'incident-response-plan': {
    'triage-and-analysis': ['investigation', 'containment-and-neutralization', 'closed'],
    investigation: ['containment-and-neutralization', 'triage-and-analysis', 'closed'],
    'containment-and-neutralization': [
      'recovery-and-remediation',
      'investigation',
      'triage-and-analysis',
      'closed',
    ],
    'recovery-and-remediation': [
      'hardening-and-detection',
      'containment-and-neutralization',
      'investigation',
      'triage-and-analysis',
      'closed',
    ],
    'hardening-and-detection': [
      'closed',
      'recovery-and-remediation',
      'containment-and-neutralization',
      'investigation',
      'triage-and-analysis',
    ],
    closed: ['investigation'],
  },
};

for (const name of PRESET_NAMES) {
  const policy = presets[name];
  const keys = policy.phases.map((p) => p.key);
  /** The policy table read directly: phases[].next, plus reopenTo from a closing phase. */
  const inTable = (from: string, to: string) => {
    const phase = policy.phases.find((p) => p.key === from);
    return phase !== undefined && (phase.next.includes(to) || (phase.closing && to === policy.reopenTo));
  };
  const pairs = keys.flatMap((from) => keys.map((to) => [from, to] as const));

  describe(`phase machine [${name}]`, () => {
    test('the preset writes down the moves this test expects', () => {
      const table = Object.fromEntries(
        keys.map((from) => [from, keys.filter((to) => inTable(from, to)).sort()]),
      );
      const written = Object.fromEntries(
        Object.entries(WRITTEN_MOVES[name]).map(([from, to]) => [from, [...to].sort()]),
      );
      assert.deepEqual(table, written);
    });

    test('canTransition allows exactly the pairs in the policy table, over every (from, to) pair', () => {
      const wrong = pairs.filter(([from, to]) => canTransition(policy, from, to) !== inTable(from, to));
      assert.deepEqual(wrong, [], 'pairs where canTransition disagrees with the policy table');
      const allowed = pairs.filter(([from, to]) => inTable(from, to));
      assert.ok(allowed.length > 0 && allowed.length < pairs.length, 'the table both allows and refuses');
    });

    test('assertTransition passes the allowed pairs and throws incident.invalid_transition for every other', () => {
      for (const [from, to] of pairs) {
        if (inTable(from, to)) {
          assert.doesNotThrow(() => assertTransition(policy, from, to), `${from} → ${to} is allowed`);
          continue;
        }
        const error = thrown(() => assertTransition(policy, from, to));
        assert.equal(error.code, 'incident.invalid_transition', `${from} → ${to}`);
        assert.equal(error.status, 409);
        const details = error.details as { from: string; to: string; allowed: string[] };
        assert.equal(details.from, from);
        assert.equal(details.to, to);
        assert.deepEqual([...details.allowed].sort(), keys.filter((k) => inTable(from, k)).sort());
      }
    });

    test('no phase moves to itself, and a closing phase only reopens into reopenTo', () => {
      for (const key of keys) assert.equal(canTransition(policy, key, key), false, `${key} → ${key}`);
      for (const phase of policy.phases.filter((p) => p.closing))
        assert.deepEqual(allowedNext(policy, phase.key), [policy.reopenTo]);
    });

    test('nothing leaves an unknown phase, and moving into one is incident.unknown_phase', () => {
      for (const to of keys) assert.equal(canTransition(policy, 'limbo', to), false);
      assert.deepEqual(allowedNext(policy, 'limbo'), []);
      const error = thrown(() => assertTransition(policy, policy.initialPhase, 'limbo'));
      assert.equal(error.code, 'incident.unknown_phase');
      assert.deepEqual((error.details as { allowed: string[] }).allowed, keys);
    });
  });
}

const ctx = (severity: string, actorRoles: string[], rca = false, isSystem = false): ClosureContext => ({
  severity,
  actorRoles,
  artifacts: new Set(rca ? (['rca'] as const) : []),
  isSystem,
});
const gates = (policy: Policy, c: ClosureContext) => closureViolations(policy, KEY, c).map((v) => v.gate);

for (const name of ['default', 'incident-response-plan'] as const) {
  const policy = presets[name];
  describe(`closure gates [${name}]`, () => {
    test('a P1 incident cannot close without a root cause analysis', () => {
      const [violation, ...more] = closureViolations(policy, KEY, ctx('P1', ['security-delegate']));
      assert.deepEqual(more, []);
      assert.equal(violation?.gate, 'p1-root-cause-analysis');
      assert.match(violation?.rule ?? '', /root cause analysis is on record before a P1 incident closes/);
      assert.match(violation?.unblock ?? '', new RegExp(`PUT /api/v1/incidents/${KEY}/rca`));
      assert.equal(violation?.source?.document, 'Incident Response Plan');
    });

    test('only the Security Delegate formally closes an incident', () => {
      for (const role of policy.roles.filter((r) => r.key !== 'security-delegate')) {
        const violations = closureViolations(policy, KEY, ctx('P2', [role.key]));
        assert.deepEqual(
          violations.map((v) => v.gate),
          ['security-delegate-closes'],
          role.key,
        );
        assert.equal(violations[0]?.unblock, 'Ask Security Delegate to close it.');
      }
      assert.deepEqual(gates(policy, ctx('P2', [])), ['security-delegate-closes'], 'no roles at all');
      assert.deepEqual(gates(policy, ctx('P2', ['engineer', 'security-delegate'])), []);
    });

    test('a P2 incident closes without an RCA, and so does a P3', () => {
      assert.deepEqual(gates(policy, ctx('P2', ['security-delegate'])), []);
      assert.deepEqual(gates(policy, ctx('P3', ['security-delegate'])), []);
    });

    test('the Security Delegate closes a P1 with an RCA on record', () => {
      assert.deepEqual(gates(policy, ctx('P1', ['security-delegate'], true)), []);
    });

    test('an engineer closing a P1 without an RCA breaks both rules, each named', () => {
      assert.deepEqual(gates(policy, ctx('P1', ['engineer'])), [
        'security-delegate-closes',
        'p1-root-cause-analysis',
      ]);
    });

    test('the system may close without the role, never without the RCA', () => {
      assert.deepEqual(gates(policy, ctx('P2', [], false, true)), []);
      assert.deepEqual(gates(policy, ctx('P1', [], false, true)), ['p1-root-cause-analysis']);
    });
  });
}

describe('closure gates: where the presets differ', () => {
  test('default: a P0 incident needs an RCA too, reported once', () => {
    assert.deepEqual(gates(presets.default, ctx('P0', ['security-delegate'])), ['p0-root-cause-analysis']);
    assert.deepEqual(gates(presets.default, ctx('P0', ['security-delegate'], true)), []);
  });

  test('incident-response-plan: the RCA rule is for P1 only, so a P0 closes without one', () => {
    assert.deepEqual(gates(presets['incident-response-plan'], ctx('P0', ['security-delegate'])), []);
  });

  test('incident-management-policy: a DevOps member closes the ticket, with or without an RCA', () => {
    const policy = presets['incident-management-policy'];
    for (const severity of ['P0', 'P1', 'P2', 'P3'])
      assert.deepEqual(gates(policy, ctx(severity, ['devops'])), []);
    assert.deepEqual(gates(policy, ctx('P1', ['management'])), ['devops-owns-the-ticket']);
    assert.match(closureViolations(policy, KEY, ctx('P1', ['employee']))[0]?.unblock ?? '', /Ask DevOps/);
  });

  test("a severity's requiredBeforeClose applies even when no gate asks for it", () => {
    const policy: Policy = { ...presets.default, closure: [] };
    const violations = closureViolations(policy, KEY, ctx('P1', ['engineer']));
    assert.deepEqual(
      violations.map((v) => v.gate),
      ['P1-requires-rca'],
    );
    assert.match(violations[0]?.rule ?? '', /A P1 incident cannot close without a root cause analysis/);
    assert.deepEqual(gates(policy, ctx('P2', ['engineer'])), []);
  });
});

describe('remediation deadlines', () => {
  const declaredAt = new Date('2026-03-01T10:00:00.000Z');
  const days = { P0: 7, P1: 14, P2: 90, P3: 90 } as const;

  for (const name of ['default', 'incident-response-plan'] as const) {
    test(`${name}: P0 within 7 days, P1 within 14 days, P2 and P3 within 90 days`, () => {
      for (const [key, n] of Object.entries(days)) {
        const due = remediationDueAt(getSeverity(presets[name], key), declaredAt);
        assert.equal(due?.toISOString(), new Date(declaredAt.getTime() + n * DAY).toISOString(), key);
      }
      assert.equal(
        declaredAt.toISOString(),
        '2026-03-01T10:00:00.000Z',
        'the declaration time is not changed',
      );
    });
  }

  test('incident-management-policy names no SLA, so no severity has a deadline', () => {
    const policy = presets['incident-management-policy'];
    assert.equal(policy.severities.length, 4);
    for (const severity of policy.severities)
      assert.equal(remediationDueAt(severity, declaredAt), null, severity.key);
  });
});

for (const name of PRESET_NAMES) {
  const policy = presets[name];
  describe(`severity and type keys [${name}]`, () => {
    test('every severity the policy defines is found, and nothing else is', () => {
      for (const s of policy.severities) assert.equal(getSeverity(policy, s.key).key, s.key);
      for (const key of ['P4', 'p1', '', 'Critical', ' P1']) {
        const error = thrown(() => getSeverity(policy, key));
        assert.equal(error.code, 'incident.unknown_severity', JSON.stringify(key));
        assert.equal(error.status, 422);
        assert.deepEqual((error.details as { allowed: string[] }).allowed, ['P0', 'P1', 'P2', 'P3']);
        assert.match(error.message, /The policy defines: P0, P1, P2, P3\./);
      }
    });

    test('every incident type the policy defines is accepted, and nothing else is', () => {
      for (const t of policy.incidentTypes) assert.doesNotThrow(() => assertIncidentType(policy, t.key));
      const foreign = PRESET_NAMES.flatMap((n) => presets[n].incidentTypes.map((t) => t.key)).filter(
        (k) => !policy.incidentTypes.some((t) => t.key === k),
      );
      for (const key of ['alien', 'Malicious-Code', '', ...foreign]) {
        const error = thrown(() => assertIncidentType(policy, key));
        assert.equal(error.code, 'incident.unknown_type', JSON.stringify(key));
        assert.equal(error.status, 422);
        assert.deepEqual(
          (error.details as { allowed: string[] }).allowed,
          policy.incidentTypes.map((t) => t.key),
        );
      }
    });
  });
}
