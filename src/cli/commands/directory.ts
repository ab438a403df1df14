import { extname } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { ImportSummary, OnCallNow, Person } from '../../app/api-types-directory.ts';
import { id, isoTime, oneOf, parseArgs, policyKey, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';
import { formatTime, renderFields, renderTable } from '../table.ts';

const json = z.boolean().default(false);

/** `cordon directory …` and `cordon oncall …`: people, teams, positions and who is on call. */
export function registerDirectoryCommands(program: Command, ctx: CliContext): void {
  const directory = program
    .command('directory')
    .description('people, teams, positions and on-call schedules');

  const importCmd = directory
    .command('import')
    .description('import people, teams, positions and schedules from YAML or CSV (all or nothing)')
    .argument('<FILE>', 'a .yaml/.yml or .csv file, or - for standard input')
    .option('--format <format>', 'yaml or csv (default: from the file name)');
  withJson(importCmd);
  examples(importCmd, ['cordon directory import directory.yaml', 'cordon directory import people.csv']);
  importCmd.action(async (file: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ FILE: text, format: oneOf(['yaml', 'csv']).optional(), json }), {
      ...opts,
      FILE: file,
    });
    const format = a.format ?? (extname(a.FILE).toLowerCase() === '.csv' ? 'csv' : 'yaml');
    const content = await ctx.readText(a.FILE);
    ctx.errorContext.file = a.FILE;
    const summary = await ctx
      .api(self)
      .request<ImportSummary>('POST', '/directory/import', { body: { format, content } });
    if (a.json) return ctx.json(summary);
    ctx.print(
      `Imported ${a.FILE}: ${summary.people.added} people added, ${summary.people.updated} updated, ` +
        `${summary.teams} teams, ${summary.positions} positions, ${summary.schedules} schedules.`,
    );
  });

  const people = directory.command('people').description('list the people in the directory');
  withJson(people);
  examples(people, ['cordon directory people', 'cordon directory people --json']);
  people.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ json }), opts);
    const answer = await ctx.api(self).request<{ items: Person[] }>('GET', '/directory/people');
    if (a.json) return ctx.json(answer);
    ctx.print(
      renderTable(answer.items, [
        { header: 'HANDLE', value: (p) => p.handle },
        { header: 'NAME', value: (p) => p.name, maxWidth: 28 },
        { header: 'TITLE', value: (p) => p.title, maxWidth: 24 },
        { header: 'E-MAIL', value: (p) => p.email },
        { header: 'PHONE', value: (p) => p.phone },
        { header: 'SUPERVISOR', value: (p) => p.supervisor },
        { header: 'POSITIONS', value: (p) => p.positions.join(',') },
        { header: 'AVOIDS', value: (p) => p.avoidChannels.join(',') },
        {
          header: 'UNAVAILABLE UNTIL',
          value: (p) => (p.unavailableUntil ? formatTime(p.unavailableUntil) : null),
        },
      ]),
    );
  });

  const person = directory
    .command('person')
    .description('show one person; with --avoid, set the channels they would rather not be paged by')
    .argument('<HANDLE>', 'the person')
    .option(
      '--avoid <channels>',
      "email, chat, sms, voice, separated by commas (\"text me, don't call\": voice); '' for no preference",
    );
  withJson(person);
  examples(person, [
    'cordon directory person carl',
    'cordon directory person carl --avoid voice',
    "cordon directory person carl --avoid ''",
  ]);
  person.action(async (handle: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ HANDLE: id, avoid: z.string().optional(), json }), {
      ...opts,
      HANDLE: handle,
    });
    const path = `/directory/people/${encodeURIComponent(a.HANDLE)}`;
    const api = ctx.api(self);
    const answer =
      a.avoid === undefined
        ? await api.request<Person>('GET', path)
        : await api.request<Person>('PATCH', path, {
            body: {
              avoidChannels: a.avoid
                .split(',')
                .map((c) => c.trim().toLowerCase())
                .filter((c) => c !== ''),
            },
          });
    if (a.json) return ctx.json(answer);
    ctx.print(
      renderFields([
        ['Handle', answer.handle],
        ['Name', answer.name],
        ['Title', answer.title],
        ['E-mail', answer.email],
        ['Phone', answer.phone],
        ['Chat', answer.chatHandle],
        ['Supervisor', answer.supervisor],
        ['Teams', answer.teams.join(', ')],
        ['Positions', answer.positions.join(', ')],
        ['Time zone', answer.timeZone],
        [
          'Avoids',
          answer.avoidChannels.length > 0
            ? `${answer.avoidChannels.join(', ')} (used anyway when no other channel of a page reaches them)`
            : 'no preference',
        ],
        [
          'Unavailable until',
          answer.unavailableUntil
            ? `${formatTime(answer.unavailableUntil)}${answer.unavailableReason ? ` (${answer.unavailableReason})` : ''}`
            : null,
        ],
      ]),
    );
  });

  const oncall = program
    .command('oncall')
    .description('who is on call, and acting for an absent role holder');
  const now = oncall
    .command('now')
    .description('who is on call now (or at another time), in every schedule or one')
    .option('--schedule <key>', 'one schedule')
    .option('--at <iso-time>', 'another time, e.g. next Saturday night');
  withJson(now);
  examples(now, [
    'cordon oncall now',
    'cordon oncall now --schedule on-call-engineers --at 2026-03-07T23:00:00Z',
  ]);
  now.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ schedule: policyKey.optional(), at: isoTime.optional(), json }), opts);
    const answer = await ctx
      .api(self)
      .request<OnCallNow>('GET', '/oncall/now', { query: { schedule: a.schedule, at: a.at } });
    if (a.json) return ctx.json(answer);
    ctx.print(
      renderTable(
        answer.items,
        [
          { header: 'SCHEDULE', value: (i) => i.schedule },
          {
            header: 'ON CALL',
            value: (i) => (i.shift?.person ? `${i.shift.person.name} (${i.shift.person.handle})` : 'nobody'),
          },
          { header: 'UNTIL', value: (i) => (i.shift ? formatTime(i.shift.endsAt) : null) },
          { header: 'BY', value: (i) => i.shift?.source ?? null },
        ],
        '(no on-call schedules)',
      ),
    );
  });

  const cover = oncall
    .command('cover')
    .description(
      'act as a role nobody available holds, for the rest of your shift (e.g. the Security Delegate)',
    )
    .argument('<ROLE>', 'policy role key, e.g. security-delegate')
    .option('--reason <text>', 'why, for the record');
  withJson(cover);
  examples(cover, ['cordon oncall cover security-delegate --reason "Delia is on a flight"']);
  cover.action(async (role: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ ROLE: policyKey, reason: text.optional(), json }), {
      ...opts,
      ROLE: role,
    });
    const answer = await ctx.api(self).request<{ role: string; until: string }>('POST', '/oncall/covers', {
      body: { role: a.ROLE, ...(a.reason ? { reason: a.reason } : {}) },
    });
    if (a.json) return ctx.json(answer);
    ctx.print(
      renderFields([
        ['Acting as', answer.role],
        ['Until', formatTime(answer.until)],
      ]),
    );
  });

  const release = oncall
    .command('release')
    .description('hand a covered role back')
    .argument('<ROLE>', 'policy role key');
  examples(release, ['cordon oncall release security-delegate']);
  release.action(async (role: string, _opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ ROLE: policyKey }), { ROLE: role });
    await ctx.api(self).request('DELETE', `/oncall/covers/${encodeURIComponent(a.ROLE)}`);
    ctx.print(`released ${a.ROLE}`);
  });

  const unavailable = directory
    .command('unavailable')
    .description('mark someone unavailable until a time (escalation pages their cover), or --clear')
    .argument('<HANDLE>', 'the person')
    .option('--until <iso-time>', 'unavailable until')
    .option('--reason <text>', 'why')
    .option('--clear', 'available again');
  examples(unavailable, [
    'cordon directory unavailable delia --until 2026-03-09T09:00:00Z --reason leave',
    'cordon directory unavailable delia --clear',
  ]);
  unavailable.action(async (handle: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(
      z.object({
        HANDLE: id,
        until: isoTime.optional(),
        reason: text.optional(),
        clear: z.boolean().default(false),
      }),
      { ...opts, HANDLE: handle },
    );
    await ctx.api(self).request('PUT', `/directory/people/${encodeURIComponent(a.HANDLE)}/availability`, {
      body: {
        unavailableUntil: a.clear ? null : (a.until ?? null),
        ...(a.reason ? { reason: a.reason } : {}),
      },
    });
    ctx.print(
      a.clear || !a.until
        ? `${a.HANDLE} is available`
        : `${a.HANDLE} is unavailable until ${formatTime(a.until)}`,
    );
  });
}
