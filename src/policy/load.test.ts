import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  formatPolicyErrors,
  loadPolicyFile,
  MAX_POLICY_BYTES,
  type PolicyError,
  type PolicyParseResult,
  parsePolicy,
  presetPath,
} from './load.ts';

// The smallest valid policy. Line numbers are what the error tests assert, so they are written down.
const MINIMAL = [
  'apiVersion: cordon/v1', // 1
  'kind: Policy', // 2
  'metadata:', // 3
  '  name: minimal', // 4
  '  title: Minimal policy', // 5
  'roles:', // 6
  '  - key: security-delegate', // 7
  '    name: Security Delegate', // 8
  '    permissions: [incident.close]', // 9
  'access:', // 10
  '  restrictedReaders: [security-delegate]', // 11
  'severities:', // 12
  '  - key: P0', // 13
  '    name: Critical', // 14
  '    rank: 0', // 15
  '    definition: Active exploitation.', // 16
  '  - key: P1', // 17
  '    name: High', // 18
  '    rank: 1', // 19
  '    definition: Strong likelihood of an attack.', // 20
  '    remediationSla: 14d', // 21
  'incidentTypes:', // 22
  '  - key: other', // 23
  '    name: Other', // 24
  'phases:', // 25
  '  - key: open', // 26
  '    name: Open', // 27
  '    next: [closed]', // 28
  '  - key: closed', // 29
  '    name: Closed', // 30
  '    closing: true', // 31
  'initialPhase: open', // 32
  'reopenTo: open', // 33
  'closure:', // 34
  '  - id: security-delegate-closes', // 35
  '    description: Only the Security Delegate closes.', // 36
  '    roles: [security-delegate]', // 37
  'intake:', // 38
  '  dispositions: [false-positive]', // 39
];

/** MINIMAL with line `n` (1-based) replaced by `lines`. */
function withLine(n: number, ...lines: string[]): string {
  return [...MINIMAL.slice(0, n - 1), ...lines, ...MINIMAL.slice(n)].join('\n');
}

function errorsOf(result: PolicyParseResult): PolicyError[] {
  assert.equal(result.ok, false, 'expected the policy to be refused');
  return result.ok ? [] : result.errors;
}

/** Exactly one error, with this position and path; its message contains `message`. */
function assertOneError(source: string, line: number, column: number, path: string, message: string): void {
  const errors = errorsOf(parsePolicy(source, 'test.yaml'));
  assert.equal(errors.length, 1, formatPolicyErrors(errors));
  const [e] = errors;
  assert.deepEqual(
    { file: e?.file, line: e?.line, column: e?.column, path: e?.path },
    {
      file: 'test.yaml',
      line,
      column,
      path,
    },
  );
  assert.match(e?.message ?? '', new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}

describe('parsePolicy', () => {
  test('accepts the minimal policy and applies the defaults', () => {
    const result = parsePolicy(MINIMAL.join('\n'));
    assert.ok(result.ok, result.ok ? '' : formatPolicyErrors(result.errors));
    assert.deepEqual(result.policy.severities[0]?.examples, []);
    assert.equal(result.policy.severities[1]?.remediationSla, '14d');
    assert.deepEqual(result.policy.escalation, []);
  });

  test('a YAML syntax error names its line and column', () => {
    assertOneError(withLine(28, '    next: [closed'), 29, 3, 'phases[0].next[0]', 'end with a ]');
  });

  test('a key written twice in one mapping is refused at the second one', () => {
    assertOneError(
      withLine(15, '    rank: 0', '    rank: 5'),
      16,
      5,
      'severities[0].rank',
      'Map keys must be unique',
    );
  });

  test('an unknown field is reported at that key', () => {
    assertOneError(
      withLine(21, '    remediationSla: 14d', '    colour: red'),
      22,
      5,
      'severities[1].colour',
      'unknown field "colour"',
    );
  });

  test('a value of the wrong type is reported at the value', () => {
    assertOneError(
      withLine(21, '    remediationSla: 14 days'),
      21,
      21,
      'severities[1].remediationSla',
      'duration',
    );
    assertOneError(withLine(19, '    rank: high'), 19, 11, 'severities[1].rank', 'expected number');
  });

  test('a missing field is reported at the mapping that lacks it', () => {
    assertOneError(withLine(5), 4, 3, 'metadata.title', 'missing required field "title"');
  });

  test('a closure gate naming an unknown role is refused at that role', () => {
    assertOneError(
      withLine(37, '    roles: [security-delegat]'),
      37,
      13,
      'closure[0].roles[0]',
      'unknown role "security-delegat"',
    );
  });

  test('two severities with the same key are refused', () => {
    assertOneError(withLine(17, '  - key: P0'), 17, 5, 'severities[1]', 'duplicate key "P0"');
  });

  test('an escalation target with a misspelt key lists the keys that fit', () => {
    const source = [
      ...MINIMAL,
      'escalation:', // 40
      '  - id: p1', // 41
      '    name: P1', // 42
      '    on: incident.declared', // 43
      '    steps:', // 44
      '      - id: notify', // 45
      '        notify:', // 46
      '          - rol: security-delegate', // 47
      '        channels: [chat]', // 48
    ].join('\n');
    assertOneError(
      source,
      47,
      13,
      'escalation[0].steps[0].notify[0]',
      'exactly one of the fields: role, position',
    );
    assertOneError(
      source.replace('rol: security-delegate', 'role: security-delegat'),
      47,
      19,
      'escalation[0].steps[0].notify[0].role',
      'unknown role "security-delegat"',
    );
  });

  test('a reopened incident must go to an open phase', () => {
    assertOneError(withLine(33, 'reopenTo: closed'), 33, 11, 'reopenTo', 'open phase');
  });

  test('input over 1 MiB is refused with one error before it is parsed', () => {
    const huge = `${MINIMAL.join('\n')}\n# ${'x'.repeat(MAX_POLICY_BYTES)}`;
    assertOneError(huge, 1, 1, '', '1 MiB');
  });

  test('an alias bomb is refused, not expanded', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    assertOneError(bomb, 1, 1, '', 'alias');
  });

  test('never throws on malformed input', () => {
    const inputs = [
      '',
      '# only a comment',
      'null',
      '42',
      '- a\n- b',
      ':',
      '{',
      '"',
      '\t\tkey: value',
      'a: b\n---\nc: d',
      '['.repeat(100_000), // deeper than the parser's stack
    ];
    for (const input of inputs) {
      const result = parsePolicy(input);
      assert.equal(result.ok, false, JSON.stringify(input.slice(0, 40)));
      if (!result.ok) assert.ok(result.errors.length > 0 && result.errors.every((e) => e.line >= 1));
    }
    // A caller without types (a JSON API body) may pass anything.
    assert.equal(parsePolicy(42 as unknown as string).ok, false);
  });

  test('a __proto__ key is an unknown field, not a prototype', () => {
    assertOneError(
      withLine(2, 'kind: Policy', '__proto__: { polluted: true }'),
      3,
      1,
      '__proto__',
      'unknown field',
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('formatPolicyErrors', () => {
  test('prints one "file:line:column  path  message" line per error', () => {
    const errors: PolicyError[] = [
      { file: 'p.yaml', line: 3, column: 7, path: 'severities[1].remediationSla', message: 'bad' },
      { file: 'p.yaml', line: 1, column: 1, path: '', message: 'empty' },
      { file: 'gone.yaml', line: 0, column: 0, path: '', message: 'cannot read the policy file (ENOENT)' },
    ];
    assert.equal(
      formatPolicyErrors(errors),
      [
        'p.yaml:3:7  severities[1].remediationSla  bad',
        'p.yaml:1:1  (document)  empty',
        'gone.yaml  (document)  cannot read the policy file (ENOENT)',
      ].join('\n'),
    );
  });
});

describe('loadPolicyFile', () => {
  test('reads a file and names it in its errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-policy-'));
    try {
      const file = join(dir, 'policy.yaml');
      writeFileSync(file, withLine(21, '    remediationSla: 2 weeks'));
      const [e] = errorsOf(loadPolicyFile(file));
      assert.deepEqual([e?.file, e?.line, e?.path], [file, 21, 'severities[1].remediationSla']);
      writeFileSync(file, MINIMAL.join('\n'));
      assert.equal(loadPolicyFile(file).ok, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file over 1 MiB is refused without being read; a byte order mark is fine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-policy-'));
    try {
      const file = join(dir, 'policy.yaml');
      writeFileSync(file, `\uFEFF${MINIMAL.join('\n')}`);
      assert.equal(loadPolicyFile(file).ok, true);
      writeFileSync(file, `${MINIMAL.join('\n')}\n# ${'x'.repeat(MAX_POLICY_BYTES)}`);
      const [e] = errorsOf(loadPolicyFile(file));
      assert.match(e?.message ?? '', /larger than/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing file is an error, not an exception', () => {
    const [e] = errorsOf(loadPolicyFile('/nonexistent/cordon/policy.yaml'));
    assert.match(e?.message ?? '', /ENOENT/);
  });

  test('presets resolve inside the repository policies folder', () => {
    assert.match(presetPath('default'), /[/\\]policies[/\\]default\.yaml$/);
    assert.throws(() => presetPath('../etc/passwd' as 'default'), /unknown policy preset/);
  });
});
