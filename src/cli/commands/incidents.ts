import type { Command } from 'commander';
import { z } from 'zod';
import type { Incident, Page } from '../api-types.ts';
import { id, incidentKey, limit, parseArgs, policyKey, severityKey, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';
import { renderIncident, renderIncidents, renderTimeline } from './incident-views.ts';
import { registerIncidentChangeCommands } from './incidents-change.ts';

const json = z.boolean().default(false);
const listArgs = z
  .object({
    severity: severityKey.optional(),
    phase: policyKey.optional(),
    type: policyKey.optional(),
    q: text.optional(),
    open: z.boolean().default(false),
    closed: z.boolean().default(false),
    restricted: z.boolean().default(false),
    limit: limit.optional(),
    all: z.boolean().default(false),
    json,
  })
  .refine((a) => !(a.open && a.closed), { message: 'give --open or --closed, not both', path: ['open'] });
const keyArgs = z.object({ KEY: incidentKey, json });
const declareArgs = z.object({
  title: text,
  type: policyKey,
  severity: severityKey,
  summary: text.optional(),
  ownerTeam: policyKey.optional(),
  assignee: id.optional(),
  restricted: z.boolean().default(false),
  internalActor: z.boolean().default(false),
  json,
});

export type IncidentListArgs = z.output<typeof listArgs>;

/** The GET /incidents query for the parsed arguments. */
export function incidentQuery(a: IncidentListArgs): Record<string, string | number | undefined> {
  return {
    severity: a.severity,
    phase: a.phase,
    type: a.type,
    q: a.q,
    visibility: a.restricted ? 'restricted' : undefined,
    open: a.open ? 'true' : a.closed ? 'false' : undefined,
    limit: a.limit,
  };
}

export function registerIncidentCommands(program: Command, ctx: CliContext): void {
  const incidents = program
    .command('incidents')
    .alias('incident')
    .description('declare, run and close incidents under the active policy');

  const list = incidents
    .command('list')
    .description('list incidents')
    .option('--severity <severity>', 'only this severity, e.g. P1')
    .option('--phase <phase>', 'only incidents in this phase')
    .option('--type <type>', 'only this incident type')
    .option('--q <text>', 'search titles and summaries')
    .option('--open', 'only open incidents')
    .option('--closed', 'only closed incidents')
    .option('--restricted', 'only restricted (need-to-know) incidents')
    .option('--limit <n>', 'page size (1-200, default 50)')
    .option('--all', 'fetch every page, following nextCursor');
  withJson(list);
  examples(list, [
    'cordon incidents list --open --severity P1',
    'cordon incidents list --phase containment --all --json',
  ]);
  list.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(listArgs, opts);
    const api = ctx.api(self);
    const query = incidentQuery(a);
    const page: Page<Incident> = a.all
      ? { items: await api.listAll<Incident>('/incidents', query), nextCursor: null }
      : await api.listIncidents(query);
    if (a.json) return ctx.json(page);
    ctx.print(renderIncidents(page.items, ctx.now()));
    if (page.nextCursor) ctx.print('(more incidents: use --all, or narrow the filters)');
  });

  const show = incidents
    .command('show')
    .description('show an incident, its roles, SLA, phase times and recent timeline');
  show.argument('<KEY>', 'incident key, e.g. INC-2026-0007');
  withJson(show);
  examples(show, ['cordon incidents show INC-2026-0007']);
  show.action(async (key: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(keyArgs, { ...opts, KEY: key });
    const api = ctx.api(self);
    const incident = await api.getIncident(a.KEY);
    if (a.json) return ctx.json(incident);
    ctx.print(renderIncident(incident, await api.timeline(a.KEY), ctx.now()));
  });

  const declare = incidents
    .command('declare')
    .description('declare an incident directly (without a reported event)')
    .requiredOption('--title <text>', 'one line: what is happening')
    .requiredOption('--type <type>', 'incident type key from the policy')
    .requiredOption('--severity <severity>', 'severity key from the policy, e.g. P1')
    .option('--summary <text>', 'what is known so far')
    .option('--owner-team <team>', 'team that owns the response')
    .option('--assignee <user-id>', 'user id of the assignee')
    .option('--restricted', 'need-to-know: only participants and restricted readers see it')
    .option('--internal-actor', 'the suspected actor is an employee, contractor, vendor or partner');
  withJson(declare);
  examples(declare, [
    'cordon incidents declare --title "Root account used" --type root-account-compromise --severity P0',
  ]);
  declare.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(declareArgs, opts);
    const incident = await ctx.api(self).declareIncident({
      title: a.title,
      type: a.type,
      severity: a.severity,
      summary: a.summary,
      ownerTeam: a.ownerTeam,
      assigneeId: a.assignee,
      visibility: a.restricted ? 'restricted' : undefined,
      suspectedInternalActor: a.internalActor || undefined,
    });
    if (a.json) return ctx.json(incident);
    ctx.print(`${incident.key} declared (${incident.severity}, ${incident.phase})`);
  });

  const timeline = incidents
    .command('timeline')
    .description("print an incident's whole timeline, oldest first");
  timeline.argument('<KEY>', 'incident key');
  withJson(timeline);
  examples(timeline, ['cordon incidents timeline INC-2026-0007']);
  timeline.action(async (key: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(keyArgs, { ...opts, KEY: key });
    const entries = await ctx.api(self).timeline(a.KEY);
    if (a.json) return ctx.json({ items: entries, nextCursor: null });
    ctx.print(renderTimeline(entries));
  });

  registerIncidentChangeCommands(incidents, ctx);
}
