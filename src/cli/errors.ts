import { ApiError, ConnectionError } from './api-client.ts';

/** Exit codes, shown in `cordon --help`. 64 and 70 are EX_USAGE and EX_SOFTWARE from sysexits.h. */
export const EXIT = { ok: 0, refused: 1, unavailable: 2, broken: 3, usage: 64, internal: 70 } as const;

/** Bad command-line input, found before anything is sent. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A local failure with a message for people (an unreadable file, an invalid policy file). */
export class CliFailure extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.refused) {
    super(message);
    this.name = 'CliFailure';
    this.exitCode = exitCode;
  }
}

type Location = { line: number; column?: number; path?: unknown; message: string };

function isLocation(value: unknown): value is Location {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.line === 'number' && typeof v.message === 'string';
}

/** A validation issue: `{ path: 'body.title', message: '…' }`. */
function isFieldIssue(value: unknown): value is { path: unknown; message: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && 'path' in v && Object.keys(v).length <= 3;
}

const formatPath = (path: unknown): string =>
  Array.isArray(path) ? path.map(String).join('.') : path === undefined || path === null ? '' : String(path);

/**
 * `policy.yaml:12:5  severities[0].rank  rank 1 is used twice`: the layout of `cordon policy validate`
 * (formatPolicyErrors), which editors and compilers' users know.
 */
export function formatLocation(loc: Location, file?: string): string {
  const position = loc.line > 0 ? [loc.line, loc.column].filter((x) => x !== undefined) : [];
  const where = [file ?? 'line', ...position].join(':');
  return `${where}  ${formatPath(loc.path) || '(document)'}  ${loc.message}`;
}

const scalar = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const isPlain = (value: unknown): boolean => value === null || typeof value !== 'object';

/**
 * Error details as indented `key: value` lines, whatever their shape: the closure gate names its rule
 * and what unblocks it, a validation error lists fields, a policy error lists file locations.
 */
export function formatDetails(details: unknown, indent = '  ', file?: string): string[] {
  if (details === undefined || details === null) return [];
  if (isPlain(details)) return [`${indent}${scalar(details)}`];
  if (Array.isArray(details)) {
    return details.flatMap((item) => {
      if (isLocation(item)) return [`${indent}${formatLocation(item, file)}`];
      if (isFieldIssue(item)) return [`${indent}${formatPath(item.path) || '(body)'}: ${item.message}`];
      if (isPlain(item)) return [`${indent}- ${scalar(item)}`];
      const [first = '', ...rest] = formatDetails(item, `${indent}  `, file);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  return Object.entries(details as Record<string, unknown>).flatMap(([key, value]) => {
    if (value === undefined || value === null) return [];
    if (isPlain(value)) return [`${indent}${key}: ${scalar(value)}`];
    if (Array.isArray(value) && value.every(isPlain))
      return [`${indent}${key}: ${value.map(scalar).join(', ')}`];
    return [`${indent}${key}:`, ...formatDetails(value, `${indent}  `, file)];
  });
}

type Violation = { gate?: string; rule: string; unblock: string; source?: unknown };

function isViolations(details: unknown): details is { violations: Violation[] } {
  if (typeof details !== 'object' || details === null || !('violations' in details)) return false;
  const list = (details as { violations: unknown }).violations;
  return (
    Array.isArray(list) &&
    list.every((v) => typeof v === 'object' && v !== null && 'rule' in v && 'unblock' in v)
  );
}

function formatSource(source: unknown): string | null {
  if (typeof source !== 'object' || source === null) return null;
  const { document, section, quote } = source as Record<string, unknown>;
  const where = [document, section].filter((x) => typeof x === 'string').join(', ');
  return `${where}${typeof quote === 'string' ? ` — "${quote}"` : ''}` || null;
}

/**
 * The closure gate (incident.closure_gate) names every policy rule that blocks closing, where the
 * rule comes from in the written policy, and what unblocks it: one block per rule.
 */
export function formatViolations(violations: readonly Violation[]): string[] {
  return violations.flatMap((v, i) => {
    const source = formatSource(v.source);
    return [
      `  ${i + 1}. blocked by ${v.gate ? `rule ${v.gate}` : 'a policy rule'}: ${v.rule}`,
      ...(source ? [`     policy:  ${source}`] : []),
      `     unblock: ${v.unblock}`,
    ];
  });
}

export type ErrorContext = { file?: string; command?: string };

/** What to print on stderr for an API error: `error <code>: <message>`, details, hints. */
export function formatApiError(err: ApiError, context: ErrorContext = {}): string {
  const details = isViolations(err.details)
    ? formatViolations(err.details.violations)
    : formatDetails(err.details, '  ', context.file);
  const lines = [`error ${err.code}: ${err.message}`, ...details];
  if (err.status === 401) {
    lines.push('hint: pass --token or set CORDON_TOKEN (an administrator can run `cordon token create`)');
  }
  if (err.requestId) lines.push(`request id: ${err.requestId}`);
  return `${lines.join('\n')}\n`;
}

export type Reported = { text: string; exitCode: number };

/** Maps anything thrown by a command to what is printed on stderr and the exit code. */
export function reportError(err: unknown, context: ErrorContext = {}): Reported {
  if (err instanceof ApiError) {
    return {
      text: formatApiError(err, context),
      exitCode: err.status >= 500 ? EXIT.unavailable : EXIT.refused,
    };
  }
  if (err instanceof ConnectionError) {
    return {
      text: `error: ${err.message}\nhint: start it with \`cordon serve\`, or point the CLI elsewhere with --url or CORDON_URL\n`,
      exitCode: EXIT.unavailable,
    };
  }
  if (err instanceof UsageError) {
    const help = `(run \`${context.command ?? 'cordon'} --help\` for usage and examples)`;
    return { text: `usage error: ${err.message}\n${help}\n`, exitCode: EXIT.usage };
  }
  if (err instanceof CliFailure) return { text: `error: ${err.message}\n`, exitCode: err.exitCode };
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { text: `internal error: ${message}\n`, exitCode: EXIT.internal };
}
