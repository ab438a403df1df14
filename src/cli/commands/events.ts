import type { Command } from 'commander';
import { z } from 'zod';
import { type CordonEvent, DISMISS_REASONS, EVENT_STATUSES } from '../api-types.ts';
import { eventRef, incidentKey, limit, oneOf, parseArgs, policyKey, severityKey, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';
import { formatTime, renderFields, renderTable, who } from '../table.ts';

const json = z.boolean().default(false);
const listArgs = z.object({
  status: oneOf(EVENT_STATUSES).optional(),
  q: text.optional(),
  limit: limit.optional(),
  json,
});
const showArgs = z.object({ REF: eventRef, json });
const dismissArgs = z.object({ REF: eventRef, reason: oneOf(DISMISS_REASONS), note: text.optional(), json });
const promoteArgs = z.object({
  REF: eventRef,
  type: policyKey,
  severity: severityKey,
  title: text.optional(),
  note: text.optional(),
  restricted: z.boolean().default(false),
  internalActor: z.boolean().default(false),
  json,
});
const mergeArgs = z.object({ REF: eventRef, incident: incidentKey, note: text.optional(), json });

export function renderEvents(events: readonly CordonEvent[]): string {
  return renderTable(
    events,
    [
      { header: 'REF', value: (e) => e.ref },
      { header: 'STATUS', value: (e) => e.status },
      { header: 'SOURCE', value: (e) => e.source },
      { header: 'COUNT', value: (e) => e.count, align: 'right' },
      { header: 'LAST SEEN', value: (e) => formatTime(e.lastSeenAt) },
      {
        header: 'REPORTER',
        value: (e) => e.reporter.name ?? e.reporter.email ?? who(e.filedBy),
        maxWidth: 24,
      },
      { header: 'TITLE', value: (e) => `${e.suspectedBreach ? '[breach?] ' : ''}${e.title}`, maxWidth: 60 },
    ],
    '(no events)',
  );
}

export function renderEvent(e: CordonEvent): string {
  const reporter = [e.reporter.name, e.reporter.email, e.reporter.phone].filter(Boolean).join(', ');
  const d = e.disposition;
  const disposition = d
    ? [
        `${d.action}${d.reason ? ` (${d.reason})` : ''}${d.incidentKey ? ` → ${d.incidentKey}` : ''}`,
        `by ${who(d.by)} at ${formatTime(d.at)}`,
      ].join(' ') + (d.note ? `\nnote: ${d.note}` : '')
    : null;
  const flags = [
    e.onBehalfOfCustomer ? 'on behalf of a customer' : '',
    e.suspectedBreach ? 'suspected breach' : '',
  ].filter(Boolean);
  return `${renderFields([
    ['Ref', e.ref],
    ['Title', e.title],
    ['Status', e.status],
    ['Source', e.source],
    ['Flags', flags.join(', ')],
    ['Reporter', reporter],
    ['Filed by', e.filedBy ? who(e.filedBy) : null],
    ['Routed to', e.routedToTeam],
    ['Observed', e.observedAt ? formatTime(e.observedAt) : null],
    ['Where', e.details.where],
    ['Systems', e.details.systems?.join(', ')],
    ['Accounts', e.details.accounts?.join(', ')],
    ['Others aware', e.details.othersAware],
    ['How detected', e.details.howDetected],
    ['Seen', `${e.count}× (first ${formatTime(e.firstSeenAt)}, last ${formatTime(e.lastSeenAt)})`],
    ['Disposition', disposition ?? 'awaiting triage'],
  ])}\n${e.description}\n`;
}

export function registerEventCommands(program: Command, ctx: CliContext): void {
  const events = program
    .command('events')
    .alias('event')
    .description('triage reported events: every event ends dismissed, merged or promoted');

  const list = events
    .command('list')
    .description('list events, newest first')
    .option('--status <status>', `only events in this status: ${EVENT_STATUSES.join(' | ')}`)
    .option('--q <text>', 'search title and description')
    .option('--limit <n>', 'at most this many (1-200, default 50)');
  withJson(list);
  examples(list, ['cordon events list --status awaiting_triage', 'cordon events list --q phishing --json']);
  list.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(listArgs, opts);
    const page = await ctx.api(self).listEvents({ status: a.status, q: a.q, limit: a.limit });
    if (a.json) return ctx.json(page);
    ctx.print(renderEvents(page.items));
    if (page.nextCursor) ctx.print('(more events: raise --limit or filter with --status / --q)');
  });

  const show = events.command('show').argument('<REF>', 'event reference, e.g. EVT-2026-000042');
  show.description('show an event, its reporter, details and disposition');
  withJson(show);
  examples(show, ['cordon events show EVT-2026-000042']);
  show.action(async (ref: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(showArgs, { ...opts, REF: ref });
    const event = await ctx.api(self).getEvent(a.REF);
    if (a.json) return ctx.json(event);
    ctx.print(renderEvent(event));
  });

  const dismiss = events
    .command('dismiss')
    .description('close an event without an incident, recording why')
    .argument('<REF>', 'event reference')
    .requiredOption('--reason <reason>', DISMISS_REASONS.join(' | '))
    .option('--note <text>', 'why, for the record');
  withJson(dismiss);
  examples(dismiss, ['cordon events dismiss EVT-2026-000042 --reason false_positive --note "Known scanner"']);
  dismiss.action(async (ref: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(dismissArgs, { ...opts, REF: ref });
    const body = { action: 'dismiss', reason: a.reason, note: a.note };
    const result = await ctx.api(self).disposeEvent(a.REF, body);
    if (a.json) return ctx.json(result);
    ctx.print(`${result.event.ref} dismissed (${a.reason})`);
  });

  const promote = events
    .command('promote')
    .description('declare an incident from an event')
    .argument('<REF>', 'event reference')
    .requiredOption('--type <type>', 'incident type key from the policy, e.g. unauthorized-access')
    .requiredOption('--severity <severity>', 'severity key from the policy, e.g. P1')
    .option('--title <text>', "incident title (default: the event's title)")
    .option('--note <text>', 'why, for the record')
    .option('--restricted', 'need-to-know: only participants and restricted readers see it')
    .option('--internal-actor', 'the suspected actor is an employee, contractor, vendor or partner');
  withJson(promote);
  examples(promote, [
    'cordon events promote EVT-2026-000042 --type unauthorized-access --severity P1',
    'cordon events promote EVT-2026-000043 --type insider --severity P0 --internal-actor --restricted',
  ]);
  promote.action(async (ref: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(promoteArgs, { ...opts, REF: ref });
    const body = {
      action: 'promote',
      type: a.type,
      severity: a.severity,
      title: a.title,
      note: a.note,
      visibility: a.restricted ? 'restricted' : undefined,
      suspectedInternalActor: a.internalActor || undefined,
    };
    const result = await ctx.api(self).disposeEvent(a.REF, body);
    if (a.json) return ctx.json(result);
    const inc = result.incident;
    ctx.print(
      inc
        ? `${result.event.ref} promoted to ${inc.key} (${inc.severity}, ${inc.phase}${inc.visibility === 'restricted' ? ', restricted' : ''})`
        : `${result.event.ref} promoted`,
    );
  });

  const merge = events
    .command('merge')
    .description('attach an event to an existing incident')
    .argument('<REF>', 'event reference')
    .requiredOption('--incident <key>', 'incident key, e.g. INC-2026-0007')
    .option('--note <text>', 'why, for the record');
  withJson(merge);
  examples(merge, ['cordon events merge EVT-2026-000044 --incident INC-2026-0007']);
  merge.action(async (ref: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(mergeArgs, { ...opts, REF: ref });
    const body = { action: 'merge', incidentKey: a.incident, note: a.note };
    const result = await ctx.api(self).disposeEvent(a.REF, body);
    if (a.json) return ctx.json(result);
    ctx.print(`${result.event.ref} merged into ${a.incident}`);
  });
}
