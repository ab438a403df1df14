import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YAMLError,
} from 'yaml';
import type { core } from 'zod';
import { type Policy, policySchema } from './schema.ts';

/**
 * Reads a policy file and reports every problem with the file, line and column of the offending YAML
 * node (DESIGN.md, "The policy file": errors name the file, line and field). Never throws on bad input:
 * the API answers 422 `policy.invalid` with these errors and the CLI prints them.
 */

export type PolicyError = { file: string; line: number; column: number; path: string; message: string };
export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

/** Same cap as API request bodies (docs/api.md): a policy is a few dozen KiB; more is a mistake or abuse. */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** Aliases may be used to share escalation steps, but an alias bomb must not expand without bound. */
const MAX_ALIAS_COUNT = 100;
/** The deepest path a policy has is about eight levels; error paths are cut there. */
const MAX_DEPTH = 16;

export const PRESET_NAMES = ['default', 'incident-management-policy', 'incident-response-plan'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

type Segment = PropertyKey;
type Described = { path: Segment[]; message: string; unknownKey?: string };

export function parsePolicy(source: string, fileName = '<policy>'): PolicyParseResult {
  try {
    return parseUnguarded(source, fileName);
  } catch (e) {
    // Only a bug can get here (the parsers report bad input as errors); the caller still gets a result.
    const message = `the policy could not be checked: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, errors: [{ file: fileName, line: 1, column: 1, path: '', message }] };
  }
}

function parseUnguarded(source: string, fileName: string): PolicyParseResult {
  const error = (line: number, column: number, path: string, message: string): PolicyError => ({
    file: fileName,
    line,
    column,
    path,
    message,
  });
  if (typeof source !== 'string') return { ok: false, errors: [error(1, 1, '', 'the policy must be text')] };
  // source.length is a lower bound of the UTF-8 size, so a huge string is refused before it is measured.
  if (source.length > MAX_POLICY_BYTES || Buffer.byteLength(source, 'utf8') > MAX_POLICY_BYTES)
    return {
      ok: false,
      errors: [error(1, 1, '', `the policy is larger than ${MAX_POLICY_BYTES} bytes (1 MiB)`)],
    };

  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const yamlProblems = yamlErrors(doc);
  if (yamlProblems.length > 0) {
    const errors = yamlProblems.map((e) => {
      const { line, column } = position(e.pos[0]);
      if (e.code === 'MULTIPLE_DOCS')
        return error(line, column, '', 'a policy file holds exactly one YAML document');
      const path = pathAt(doc, e.pos[0]);
      // The parser reports its own stack overflow; a policy is never nested more than a few levels.
      if (/call stack/i.test(e.message) || path.length > MAX_DEPTH)
        return error(line, column, formatPath(path.slice(0, MAX_DEPTH)), 'the document is nested too deeply');
      return error(line, column, formatPath(path), e.message);
    });
    return { ok: false, errors: sortErrors(errors) };
  }
  if (doc.contents === null) return { ok: false, errors: [error(1, 1, '', 'the policy file is empty')] };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const { line, column } = position(rangeStart(doc.contents) ?? 0);
    return { ok: false, errors: [error(line, column, '', e instanceof Error ? e.message : String(e))] };
  }

  const parsed = policySchema.safeParse(data);
  if (parsed.success) return { ok: true, policy: parsed.data };

  const errors = parsed.error.issues.flatMap((issue) =>
    describe(issue, [], data).map((d) => {
      const located = walk(doc, d.path);
      let offset = located.offset;
      let path = d.path;
      if (d.unknownKey !== undefined) {
        // An unknown key is reported at the key itself, with the key in the path.
        path = [...d.path, d.unknownKey];
        const keyOffset = located.complete ? keyStart(doc, located.node, d.unknownKey) : undefined;
        offset = keyOffset ?? offset;
      }
      const { line, column } = position(offset);
      return error(line, column, formatPath(path), d.message);
    }),
  );
  return { ok: false, errors: sortErrors(errors) };
}

/** Reads a policy file (synchronously: policies are small and read at start-up or by the CLI). */
export function loadPolicyFile(path: string): PolicyParseResult {
  const fail = (message: string): PolicyParseResult => ({
    ok: false,
    errors: [{ file: path, line: 0, column: 0, path: '', message }],
  });
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return fail('not a regular file');
    if (stat.size > MAX_POLICY_BYTES)
      return fail(`the policy is larger than ${MAX_POLICY_BYTES} bytes (1 MiB)`);
    return parsePolicy(readFileSync(path, 'utf8'), path);
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    return fail(`cannot read the policy file${code ? ` (${code})` : ''}`);
  }
}

/** One error a line: `file:line:column  path  message`; a file-level error (line 0) omits the position. */
export function formatPolicyErrors(errors: readonly PolicyError[]): string {
  return errors
    .map((e) => {
      const where = e.line > 0 ? `${e.file}:${e.line}:${e.column}` : e.file;
      return `${where}  ${e.path || '(document)'}  ${e.message}`;
    })
    .join('\n');
}

export function presetPath(name: PresetName): string {
  if (!(PRESET_NAMES as readonly string[]).includes(name)) throw new Error(`unknown policy preset "${name}"`);
  return join(import.meta.dirname, '..', '..', 'policies', `${name}.yaml`);
}

/** A shipped preset that does not validate is a bug in Cordon, not bad input: it throws. */
export function loadPreset(name: PresetName): Policy {
  const result = loadPolicyFile(presetPath(name));
  if (!result.ok)
    throw new Error(`policy preset "${name}" is invalid:\n${formatPolicyErrors(result.errors)}`);
  return result.policy;
}

/** `severities[1].remediationSla`; keys that are not plain names are quoted: `labels["a b"]`. */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const name = String(segment);
      if (/^[A-Za-z_$][\w$-]*$/.test(name)) out += out === '' ? name : `.${name}`;
      else out += `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

function sortErrors(errors: PolicyError[]): PolicyError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const id = `${e.line}:${e.column}:${e.path}:${e.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Every duplicate key, and the first other YAML error: after a syntax error the parser recovers by
 * guessing, and the errors that follow are mostly echoes of the first. Warnings (an unknown !tag, an
 * unsupported directive) are refused too: a policy must mean exactly what it says.
 */
function yamlErrors(doc: Document.Parsed): YAMLError[] {
  const all = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  const first = all.find((e) => e.code !== 'DUPLICATE_KEY');
  return all.filter((e) => e.code === 'DUPLICATE_KEY' || e === first);
}

/** Turns a zod issue into messages a policy author can act on. */
function describe(issue: core.$ZodIssue, base: Segment[], input: unknown): Described[] {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path, unknownKey: k, message: `unknown field "${k}"` }));
    case 'invalid_type': {
      if (path.length === 0)
        return [{ path, message: 'a policy file must be a YAML mapping (apiVersion, kind, metadata, …)' }];
      const last = path.at(-1);
      if (
        last !== undefined &&
        valueAt(input, path) === undefined &&
        isRecord(valueAt(input, path.slice(0, -1)))
      )
        return [{ path, message: `missing required field "${String(last)}"` }];
      return [{ path, message: issue.message }];
    }
    case 'invalid_union':
      return describeUnion(issue.errors, path, input);
    default:
      return [{ path, message: issue.message }];
  }
}

/**
 * zod reports a union as "Invalid input" with every branch's issues. When the written mapping picks one
 * branch by its key (`role:`, `position:` …) report that branch's problems; otherwise say which keys fit.
 */
function describeUnion(branches: core.$ZodIssue[][], path: Segment[], input: unknown): Described[] {
  const value = valueAt(input, path);
  const missing = (i: core.$ZodIssue) =>
    i.path.length === 1 && isRecord(value) && !Object.hasOwn(value, String(i.path[0]));
  const mismatched = (i: core.$ZodIssue) =>
    (i.code === 'unrecognized_keys' && i.path.length === 0) ||
    (i.code === 'invalid_type' && i.path.length === 0) ||
    missing(i);
  const fitting = branches.filter((b) => !b.some(mismatched));
  const [only] = fitting;
  if (fitting.length === 1 && only) return only.flatMap((i) => describe(i, path, input));

  const keys = [...new Set(branches.flatMap((b) => b.filter(missing).map((i) => String(i.path[0]))))];
  if (keys.length > 0) return [{ path, message: `must have exactly one of the fields: ${keys.join(', ')}` }];
  // Every branch refused the value's type (a string where a mapping belongs): zod's message says so.
  const messages = new Set(
    branches.map((b) => (b.length === 1 && b[0]?.path.length === 0 ? b[0].message : '')),
  );
  const [message] = messages;
  if (messages.size === 1 && message) return [{ path, message }];
  return [
    { path, message: branches.length > 0 ? 'does not match any of the allowed forms' : 'invalid value' },
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(input: unknown, path: readonly Segment[]): unknown {
  let value = input;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value) && Object.hasOwn(value, String(segment))) value = value[String(segment)];
    else return undefined;
  }
  return value;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/**
 * Follows a path through the YAML tree as far as it exists. `complete` is false when a key is missing:
 * the offset is then the deepest existing node, i.e. the mapping that lacks the key.
 */
function walk(doc: Document, path: readonly Segment[]): { node: unknown; offset: number; complete: boolean } {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    node = resolve(doc, node);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return { node, offset, complete: false };
      const emptyValue = pair.value === null || (isScalar(pair.value) && pair.value.value === null);
      offset = (emptyValue ? undefined : rangeStart(pair.value)) ?? rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return { node, offset, complete: false };
      offset = rangeStart(item) ?? offset;
      node = item;
    } else return { node, offset, complete: false };
  }
  return { node, offset, complete: true };
}

function keyStart(doc: Document, mapping: unknown, key: string): number | undefined {
  const node = resolve(doc, mapping);
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair ? rangeStart(pair.key) : undefined;
}

/**
 * The path of the deepest node containing `offset`, so a YAML error (a duplicate key) names its field.
 * After a syntax error the parser may have glued lines into one key ("Critical rank"); no policy key
 * contains a space, so the path stops before such a guess.
 */
function pathAt(doc: Document, offset: number): Segment[] {
  const path: Segment[] = [];
  const within = (node: unknown) =>
    isNode(node) && node.range && offset >= node.range[0] && offset <= node.range[2];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      // The last matching pair wins: a duplicate key is reported as the second occurrence.
      const pair = node.items.findLast((p) => within(p.key) || within(p.value));
      if (pair === undefined || !isScalar(pair.key) || /\s/.test(String(pair.key.value))) break;
      path.push(String(pair.key.value));
      if (within(pair.key)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item));
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return path;
}
