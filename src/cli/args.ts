import { z } from 'zod';
import { UsageError } from './errors.ts';

/**
 * zod schemas for command-line input (DESIGN.md: zod at every boundary, CLI arguments included).
 * Policy-defined names (severities, phases, types, roles) are only checked for shape here; whether
 * they exist is the active policy's business and the server answers that.
 */

const camelToFlag = (name: string): string => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Positional arguments are keyed by their upper-case name (`REF`), options by their camelCase name. */
function label(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === undefined) return 'arguments';
  const name = /^[A-Z_]+$/.test(head) ? head : camelToFlag(head);
  return rest.length > 0 ? `${name}[${rest.join('.')}]` : name;
}

/** Parses command-line input or throws a UsageError naming each bad argument. */
export function parseArgs<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${label(issue.path)}: ${issue.message}`);
  throw new UsageError(problems.join('\n  '));
}

/** One of a fixed list, with a message that lists the choices. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of: ${values.join(', ')}` });

export const text = z.string().trim().min(1, 'must not be empty');

export const limit = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 200')
  .max(200, 'must be between 1 and 200');

/** An ISO-8601 time with a zone; sent on as UTC. A bare local time would be ambiguous. */
export const isoTime = z
  .string()
  .refine(
    (value) => z.iso.datetime({ offset: true }).safeParse(value).success,
    'must be an ISO-8601 time with a zone, e.g. 2026-03-01T14:30:00Z or 2026-03-01T15:30:00+01:00',
  )
  .transform((value) => new Date(value).toISOString());

/** Incident types, phases and roles are policy keys: lower-case letters, digits and dashes. */
export const policyKey = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'must be a policy key: lower-case letters, digits and dashes (e.g. containment)',
  );

/** Severity keys such as P1 (policy `severities[].key`). */
export const severityKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'must be a severity key such as P1');

export const eventRef = z
  .string()
  .trim()
  .regex(/^EVT-\d{4}-\d+$/i, 'must be an event reference such as EVT-2026-000042')
  .transform((value) => value.toUpperCase());

export const incidentKey = z
  .string()
  .trim()
  .regex(/^INC-\d{4}-\d+$/i, 'must be an incident key such as INC-2026-0007')
  .transform((value) => value.toUpperCase());

export const email = z.email('must be an e-mail address');

export const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL such as http://127.0.0.1:8080' })
  .transform((value) => value.replace(/\/+$/, ''));

export const id = z.string().trim().min(1, 'must not be empty');

/** commander collects repeated options (`--system a --system b`) with this. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
