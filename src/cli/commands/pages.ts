import type { Command } from 'commander';
import { z } from 'zod';
import { DELIVERY_STATUSES } from '../../app/api-types-escalation.ts';
import { id, incidentKey, limit, oneOf, parseArgs, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';
import { formatTime, renderFields, renderTable } from '../table.ts';

const json = z.boolean().default(false);

type Delivery = {
  id: string;
  channel: string;
  via: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
};
type Page = {
  id: string;
  state: string;
  recipient: { name: string };
  channels: string[];
  fallback: boolean;
  round: number;
  rule: { name: string } | null;
  subject: { ref: string | null };
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  deliveries: Delivery[];
};
type Run = {
  rule: { id: string; name: string };
  state: string;
  steps: { id: string; state: string; timeoutAt: string | null; pages: Page[] }[];
};

const deliverySummary = (p: Page) => p.deliveries.map((d) => `${d.channel}:${d.status}`).join(' ');

export function renderPages(pages: readonly Page[]): string {
  return renderTable(
    pages,
    [
      { header: 'ID', value: (p) => p.id },
      { header: 'SUBJECT', value: (p) => p.subject.ref },
      { header: 'TO', value: (p) => `${p.recipient.name}${p.fallback ? ' (fallback)' : ''}`, maxWidth: 28 },
      { header: 'STATE', value: (p) => p.state },
      { header: 'SENT', value: (p) => formatTime(p.createdAt) },
      { header: 'DELIVERIES', value: (p) => deliverySummary(p), maxWidth: 50 },
    ],
    '(no pages)',
  );
}

/** `cordon pages …`, `cordon escalations`, `cordon out-of-band`, `cordon deliveries`, `cordon sla`. */
export function registerPageCommands(program: Command, ctx: CliContext): void {
  const pages = program
    .command('pages')
    .alias('page')
    .description('pages: who was asked to respond, and acknowledging');

  const list = pages
    .command('list')
    .description('pages, newest first (yours with --mine)')
    .option('--mine', 'only pages to you (or your teams)')
    .option('--open', 'only pages nobody acknowledged yet')
    .option('--limit <n>', '1–200');
  withJson(list);
  examples(list, ['cordon pages list --mine --open']);
  list.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(
      z.object({
        mine: z.boolean().default(false),
        open: z.boolean().default(false),
        limit: limit.optional(),
        json,
      }),
      opts,
    );
    const answer = await ctx.api(self).request<{ items: Page[] }>('GET', '/pages', {
      query: { mine: a.mine, state: a.open ? 'open' : undefined, limit: a.limit },
    });
    if (a.json) return ctx.json(answer);
    ctx.print(renderPages(answer.items));
  });

  const ack = pages
    .command('ack')
    .description('acknowledge a page: stops its chain (no repeats, no fallback)')
    .argument('<ID>', 'page id (from the message or `cordon pages list`)')
    .option('--note <text>', 'a note for the timeline');
  withJson(ack);
  examples(ack, [
    'cordon pages ack 3f2a9c1e-…',
    'cordon pages ack 3f2a9c1e-… --note "on it, joining the bridge"',
  ]);
  ack.action(async (pageId: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ ID: id, note: text.optional(), json }), { ...opts, ID: pageId });
    const answer = await ctx
      .api(self)
      .request<{ page: Page; alreadyAcknowledged: boolean; stopped: string[] }>(
        'POST',
        `/pages/${encodeURIComponent(a.ID)}/ack`,
        { body: { via: 'cli', ...(a.note ? { note: a.note } : {}) } },
      );
    if (a.json) return ctx.json(answer);
    ctx.print(
      `${answer.alreadyAcknowledged ? 'already acknowledged' : 'acknowledged'} ${answer.page.subject.ref ?? ''} (${answer.page.rule?.name ?? 'page'})` +
        (answer.stopped.length > 0 ? `\n  ${answer.stopped.join('\n  ')}` : ''),
    );
  });

  const show = program
    .command('escalations')
    .description("an incident's escalation: rules, steps, who was paged how, deliveries, acknowledgements")
    .argument('<KEY>', 'incident key');
  withJson(show);
  examples(show, ['cordon escalations INC-2026-0007']);
  show.action(async (key: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ KEY: incidentKey, json }), { ...opts, KEY: key });
    const answer = await ctx
      .api(self)
      .request<{ items: Run[] }>('GET', `/incidents/${encodeURIComponent(a.KEY)}/escalations`);
    if (a.json) return ctx.json(answer);
    const out: string[] = [];
    for (const run of answer.items) {
      out.push(`${run.rule.name} [${run.state}]`);
      for (const step of run.steps) {
        out.push(
          `  ${step.id}: ${step.state}${step.timeoutAt && step.state === 'paging' ? ` (times out ${formatTime(step.timeoutAt)})` : ''}`,
        );
        for (const p of step.pages) {
          const acked = p.acknowledgedAt
            ? `, acknowledged ${formatTime(p.acknowledgedAt)} by ${p.acknowledgedBy}`
            : '';
          out.push(
            `    ${p.fallback ? '↳ ' : ''}${p.recipient.name}: ${deliverySummary(p) || 'no delivery'}${acked}`,
          );
        }
      }
    }
    ctx.print(out.length > 0 ? out.join('\n') : '(no escalation)');
  });

  const oob = program
    .command('out-of-band')
    .description(
      'switch an incident to out-of-band communications (SMS, the separate mail server, Cordon), or back',
    )
    .argument('<KEY>', 'incident key')
    .argument('<STATE>', 'on or off')
    .requiredOption('--reason <text>', 'why, for the record');
  withJson(oob);
  examples(oob, ['cordon out-of-band INC-2026-0007 on --reason "Slack workspace may be compromised"']);
  oob.action(async (key: string, state: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ KEY: incidentKey, STATE: oneOf(['on', 'off']), reason: text, json }), {
      ...opts,
      KEY: key,
      STATE: state,
    });
    const answer = await ctx
      .api(self)
      .request<{ outOfBand: boolean }>('PUT', `/incidents/${encodeURIComponent(a.KEY)}/out-of-band`, {
        body: { enabled: a.STATE === 'on', reason: a.reason },
      });
    if (a.json) return ctx.json(answer);
    ctx.print(`${a.KEY} is ${answer.outOfBand ? 'out-of-band' : 'back on its normal channels'}`);
  });

  const deliveries = program.command('deliveries').description('the delivery log, dead letters included');
  const dlist = deliveries
    .command('list')
    .description('deliveries, newest first')
    .option('--status <status>', 'e.g. dead')
    .option('--limit <n>', '1–200');
  withJson(dlist);
  examples(dlist, ['cordon deliveries list --status dead']);
  dlist.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(
      z.object({
        status: oneOf([...DELIVERY_STATUSES]).optional(),
        limit: limit.optional(),
        json,
      }),
      opts,
    );
    const answer = await ctx.api(self).request<{
      items: (Delivery & { recipient: string; incidentKey: string | null; createdAt: string })[];
    }>('GET', '/deliveries', { query: { status: a.status, limit: a.limit } });
    if (a.json) return ctx.json(answer);
    ctx.print(
      renderTable(answer.items, [
        { header: 'ID', value: (d) => d.id },
        { header: 'INCIDENT', value: (d) => d.incidentKey },
        { header: 'TO', value: (d) => d.recipient, maxWidth: 24 },
        { header: 'CHANNEL', value: (d) => `${d.channel}${d.via ? `/${d.via}` : ''}` },
        { header: 'STATUS', value: (d) => d.status },
        { header: 'TRIES', value: (d) => d.attempts, align: 'right' },
        { header: 'ERROR', value: (d) => d.lastError, maxWidth: 40 },
      ]),
    );
  });
  const retry = deliveries
    .command('retry')
    .description('send a dead delivery again')
    .argument('<ID>', 'delivery id');
  examples(retry, ['cordon deliveries retry 5c1e…']);
  retry.action(async (deliveryId: string, _opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ ID: id }), { ID: deliveryId });
    await ctx.api(self).request('POST', `/deliveries/${encodeURIComponent(a.ID)}/retry`);
    ctx.print(`delivery ${a.ID} queued again`);
  });

  const sla = program
    .command('sla')
    .description('remediation SLA clocks: at risk and breached incidents, or one incident')
    .argument('[KEY]', 'incident key');
  withJson(sla);
  examples(sla, ['cordon sla', 'cordon sla INC-2026-0007']);
  sla.action(async (key: string | undefined, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ KEY: incidentKey.optional(), json }), { ...opts, KEY: key });
    type Clock = { incidentKey: string; state: string; dueAt?: string; percentUsed?: number };
    const answer = a.KEY
      ? { items: [await ctx.api(self).request<Clock>('GET', `/incidents/${encodeURIComponent(a.KEY)}/sla`)] }
      : await ctx.api(self).request<{ items: Clock[] }>('GET', '/sla');
    if (a.json) return ctx.json(a.KEY ? answer.items[0] : answer);
    if (a.KEY && answer.items[0]) {
      const c = answer.items[0];
      return ctx.print(
        renderFields([
          ['Incident', c.incidentKey],
          ['SLA', c.state],
          ['Due', formatTime(c.dueAt)],
          ['Used', c.percentUsed === undefined ? null : `${c.percentUsed}%`],
        ]),
      );
    }
    ctx.print(
      renderTable(
        answer.items,
        [
          { header: 'INCIDENT', value: (c) => c.incidentKey },
          { header: 'SLA', value: (c) => c.state },
          { header: 'DUE', value: (c) => formatTime(c.dueAt) },
          {
            header: 'USED',
            value: (c) => (c.percentUsed === undefined ? null : `${c.percentUsed}%`),
            align: 'right',
          },
        ],
        '(no incident at risk or breached)',
      ),
    );
  });
}
