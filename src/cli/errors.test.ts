import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, ConnectionError } from './api-client.ts';
import { CliFailure, EXIT, formatApiError, formatDetails, reportError, UsageError } from './errors.ts';

describe('formatApiError', () => {
  it('prints each closure gate violation with its rule, its source in the policy and what unblocks it', () => {
    const err = new ApiError(422, 'incident.closure_gate', 'INC-2026-0007 cannot close: …', {
      violations: [
        {
          gate: 'p1-rca',
          rule: 'A documented root cause analysis shall be performed on P1 incidents.',
          source: {
            document: 'Incident Response Plan',
            section: 'Additional Requirements',
            quote: 'a documented RCA',
          },
          unblock: 'Record a root cause analysis on INC-2026-0007 ("cordon incidents rca INC-2026-0007").',
        },
        { gate: 'closer', rule: 'Only the Security Delegate closes.', source: null, unblock: 'Ask them.' },
      ],
    });
    assert.equal(
      formatApiError(err),
      [
        'error incident.closure_gate: INC-2026-0007 cannot close: …',
        '  1. blocked by rule p1-rca: A documented root cause analysis shall be performed on P1 incidents.',
        '     policy:  Incident Response Plan, Additional Requirements — "a documented RCA"',
        '     unblock: Record a root cause analysis on INC-2026-0007 ("cordon incidents rca INC-2026-0007").',
        '  2. blocked by rule closer: Only the Security Delegate closes.',
        '     unblock: Ask them.',
        '',
      ].join('\n'),
    );
  });

  it('prints a refused transition with the moves that are allowed', () => {
    const err = new ApiError(409, 'incident.invalid_transition', 'Not from triage to closed.', {
      from: 'triage',
      to: 'closed',
      allowed: ['investigation', 'containment'],
    });
    assert.equal(
      formatApiError(err),
      'error incident.invalid_transition: Not from triage to closed.\n' +
        '  from: triage\n  to: closed\n  allowed: investigation, containment\n',
    );
  });

  it('prints policy errors as file:line:column, field and message', () => {
    const err = new ApiError(422, 'policy.invalid', 'The policy file is not valid', [
      { line: 12, column: 5, path: 'severities[1].rank', message: 'rank 1 is used twice' },
      { line: 0, column: 0, path: '', message: 'not YAML' },
    ]);
    const lines = formatApiError(err, { file: 'acme.yaml' }).split('\n');
    assert.equal(lines[1], '  acme.yaml:12:5  severities[1].rank  rank 1 is used twice');
    assert.equal(lines[2], '  acme.yaml  (document)  not YAML');
  });

  it('tells a user without credentials where the token goes, and keeps the request id', () => {
    const text = formatApiError(
      new ApiError(401, 'auth.unauthenticated', 'Sign in first', undefined, 'req-9'),
    );
    assert.match(text, /^error auth\.unauthenticated: Sign in first\n/);
    assert.match(text, /--token or set CORDON_TOKEN/);
    assert.match(text, /request id: req-9\n$/);
  });
});

describe('formatDetails', () => {
  it('renders scalars, lists of scalars and nested objects as indented lines', () => {
    assert.deepEqual(formatDetails('plain'), ['  plain']);
    assert.deepEqual(formatDetails({ allowed: ['containment', 'closed'], from: 'triage' }), [
      '  allowed: containment, closed',
      '  from: triage',
    ]);
    assert.deepEqual(formatDetails([{ field: 'title', issue: { code: 'too_small' } }]), [
      '  - field: title',
      '    issue:',
      '      code: too_small',
    ]);
    assert.deepEqual(formatDetails(undefined), []);
    assert.deepEqual(formatDetails([{ path: 'body.title', message: 'Too small', code: 'too_small' }]), [
      '  body.title: Too small',
    ]);
  });
});

describe('reportError', () => {
  it('maps refusals to 1, server failures and unreachable servers to 2, bad input to 64', () => {
    assert.equal(reportError(new ApiError(409, 'incident.invalid_transition', 'no')).exitCode, EXIT.refused);
    assert.equal(reportError(new ApiError(404, 'incident.not_found', 'no')).exitCode, 1);
    assert.equal(reportError(new ApiError(503, 'database.busy', 'later')).exitCode, 2);
    assert.equal(reportError(new ApiError(502, 'http.502', 'Bad Gateway')).exitCode, 2);
    const down = reportError(new ConnectionError('http://10.0.0.9:8080', 'connection refused'));
    assert.equal(down.exitCode, 2);
    assert.match(down.text, /cannot reach the Cordon server at http:\/\/10\.0\.0\.9:8080/);
    const usage = reportError(new UsageError('--limit: must be between 1 and 200'), {
      command: 'cordon events list',
    });
    assert.equal(usage.exitCode, 64);
    assert.equal(
      usage.text,
      'usage error: --limit: must be between 1 and 200\n(run `cordon events list --help` for usage and examples)\n',
    );
    assert.equal(reportError(new CliFailure('cannot read x.md: no such file')).exitCode, 1);
    assert.equal(reportError(new TypeError('bug')).exitCode, EXIT.internal);
  });
});
