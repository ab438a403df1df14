import { parse as parseYaml } from 'yaml';
import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { ImportSummary } from '../app/api-types-directory.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { applyPerson } from './people.ts';
import { applySchedule } from './schedules.ts';
import { type DirectoryDocument, directoryDocumentSchema } from './schemas.ts';
import { findPersonByHandle } from './store.ts';
import { applyPosition, applyTeam } from './teams.ts';

const invalid = (message: string, details: unknown) =>
  new AppError('directory.invalid_import', message, { details });

/** One CSV record per line (RFC 4180 quoting: "a, b" and "say ""hi"""), header row first. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const CSV_COLUMNS = {
  handle: 'handle',
  name: 'name',
  title: 'title',
  email: 'email',
  phone: 'phone',
  chat: 'chatHandle',
  chathandle: 'chatHandle',
  username: 'username',
  supervisor: 'supervisor',
  teams: 'teams',
  positions: 'positions',
  timezone: 'timeZone',
  avoidchannels: 'avoidChannels',
  avoid: 'avoidChannels',
} as const;
const LIST_COLUMNS: readonly string[] = ['teams', 'positions', 'avoidChannels'];

/** People from CSV; `teams`, `positions` and `avoidChannels` hold lists separated by ";" or "|". */
function csvDocument(text: string): unknown {
  const [header, ...records] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) throw invalid('The CSV file is empty.', []);
  const columns = header.map(
    (h) =>
      CSV_COLUMNS[
        h
          .trim()
          .toLowerCase()
          .replace(/[\s_-]/g, '') as keyof typeof CSV_COLUMNS
      ],
  );
  const unknown = header.filter((_, i) => !columns[i]);
  if (unknown.length > 0)
    throw invalid(`Unknown CSV column ${unknown.map((u) => `"${u}"`).join(', ')}.`, {
      allowed: Object.keys(CSV_COLUMNS),
    });
  const people = records.map((record) => {
    const person: Record<string, unknown> = {};
    record.forEach((value, i) => {
      const column = columns[i];
      const v = value.trim();
      if (!column || v === '') return;
      person[column] = LIST_COLUMNS.includes(column) ? v.split(/[;|]/).map((x) => x.trim()) : v;
    });
    return person;
  });
  return { people };
}

export function parseDirectory(format: 'yaml' | 'csv', content: string): DirectoryDocument {
  let raw: unknown;
  try {
    raw = format === 'yaml' ? parseYaml(content, { maxAliasCount: 100 }) : csvDocument(content);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid(`The ${format.toUpperCase()} could not be read: ${(error as Error).message}`, []);
  }
  const result = directoryDocumentSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => ({
      // CSV rows are numbered as in a spreadsheet: the header is row 1.
      path:
        format === 'csv' && i.path[0] === 'people'
          ? `row ${Number(i.path[1]) + 2}${i.path.length > 2 ? ` ${String(i.path[2])}` : ''}`
          : i.path.join('.'),
      message: i.message,
    }));
    throw invalid(
      `The directory has ${problems.length} problem(s): ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
  return result.data;
}

/**
 * Imports people, teams, positions and on-call schedules in one transaction (all or nothing). People are
 * matched by handle: existing ones are updated with what the file gives, new ones added. Supervisors may
 * appear later in the file than the people who report to them.
 */
export function importDirectory(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  input: { format: 'yaml' | 'csv'; content: string },
): Promise<ImportSummary> {
  assertCan(actor, 'users.manage');
  const doc = parseDirectory(input.format, input.content);
  return withTransaction(deps.db, async (tx) => {
    const policy = (await getActivePolicy(tx)).document;
    const now = deps.clock.now();
    const summary: ImportSummary = { people: { added: 0, updated: 0 }, teams: 0, positions: 0, schedules: 0 };
    for (const person of doc.people) {
      const existing = await findPersonByHandle(tx, person.handle);
      await applyPerson(tx, policy, now, existing, person, { supervisorRequired: false });
      if (existing) summary.people.updated++;
      else summary.people.added++;
    }
    for (const person of doc.people) {
      if (!person.supervisor) continue;
      const existing = await findPersonByHandle(tx, person.handle);
      await applyPerson(tx, policy, now, existing, { handle: person.handle, supervisor: person.supervisor });
    }
    for (const [key, team] of Object.entries(doc.teams)) {
      await applyTeam(tx, policy, now, key, team);
      summary.teams++;
    }
    for (const [key, holder] of Object.entries(doc.positions)) {
      await applyPosition(tx, policy, now, key, holder);
      summary.positions++;
    }
    for (const [key, schedule] of Object.entries(doc.schedules)) {
      await applySchedule(tx, now, key, schedule);
      summary.schedules++;
    }
    await appendAudit(tx, actor, now, {
      action: 'directory.imported',
      targetType: 'directory',
      data: { format: input.format, ...summary },
    });
    return summary;
  });
}
