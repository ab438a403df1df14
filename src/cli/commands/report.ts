import type { Command } from 'commander';
import { z } from 'zod';
import { collect, email, isoTime, parseArgs, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';

export const reportArgs = z
  .object({
    title: text,
    description: text,
    observedAt: isoTime.optional(),
    where: text.optional(),
    system: z.array(text).default([]),
    account: z.array(text).default([]),
    othersAware: text.optional(),
    howDetected: text.optional(),
    reporterName: text.optional(),
    reporterEmail: email.optional(),
    reporterPhone: text.optional(),
    onBehalfOfCustomer: z.boolean().default(false),
    suspectedBreach: z.boolean().default(false),
    json: z.boolean().default(false),
  })
  .refine(
    (a) => a.reporterName !== undefined || (a.reporterEmail === undefined && a.reporterPhone === undefined),
    {
      message: 'give --reporter-name with --reporter-email or --reporter-phone',
      path: ['reporterName'],
    },
  )
  .refine((a) => !a.onBehalfOfCustomer || a.reporterName !== undefined, {
    message: 'a report on behalf of a customer needs the customer as --reporter-name (and --reporter-email)',
    path: ['reporterName'],
  });

export type ReportArgs = z.output<typeof reportArgs>;

/** The POST /reports body for the parsed arguments (docs/api.md); the channel is always `cli`. */
export function reportBody(a: ReportArgs): Record<string, unknown> {
  return {
    title: a.title,
    description: a.description,
    observedAt: a.observedAt,
    where: a.where,
    systems: a.system.length > 0 ? a.system : undefined,
    accounts: a.account.length > 0 ? a.account : undefined,
    othersAware: a.othersAware,
    howDetected: a.howDetected,
    channel: 'cli',
    reporter:
      a.reporterName === undefined
        ? undefined
        : { name: a.reporterName, email: a.reporterEmail, phone: a.reporterPhone },
    onBehalfOfCustomer: a.onBehalfOfCustomer || undefined,
    suspectedBreach: a.suspectedBreach || undefined,
  };
}

export function registerReportCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('report')
    .summary('report a suspected security event or incident; prints its reference')
    .description(
      'Report a suspected security event or incident; prints its reference (EVT-…).\n' +
        'Be a good witness: say what you saw, where, when, and who else knows.',
    )
    .requiredOption('--title <text>', 'one line: what happened')
    .requiredOption('--description <text>', 'what you observed, as specifically as you can')
    .option('--observed-at <iso-time>', 'when you saw it, ISO-8601 with zone (e.g. 2026-03-01T14:30:00Z)')
    .option('--where <text>', 'where it happened (office, site, service)')
    .option('--system <name>', 'an affected system (repeat for several)', collect, [])
    .option('--account <name>', 'an affected account (repeat for several)', collect, [])
    .option('--others-aware <text>', 'who else knows about it')
    .option('--how-detected <text>', 'how it was noticed')
    .option('--reporter-name <name>', 'who is reporting, when not yourself (e.g. a customer)')
    .option('--reporter-email <email>', "the reporter's e-mail")
    .option('--reporter-phone <phone>', "the reporter's phone number")
    .option('--on-behalf-of-customer', 'you are filing this for a customer (Customer Success)')
    .option('--suspected-breach', 'you suspect personal or customer data was exposed');
  withJson(cmd);
  examples(cmd, [
    'cordon report --title "Phishing e-mail" --description "Asked for my SSO password" --system mail',
    'cordon report --title "Laptop stolen" --description "Unencrypted, from car" --observed-at 2026-03-01T18:00:00Z \\\n' +
      '      --where "Berlin office car park" --account jdoe',
    'cordon report --title "Customer sees foreign logins" --description "…" --on-behalf-of-customer \\\n' +
      '      --reporter-name "Ann Lee" --reporter-email ann@customer.example --suspected-breach',
  ]);
  cmd.action(async (opts: Record<string, unknown>, self: Command) => {
    const args = parseArgs(reportArgs, opts);
    const event = await ctx.api(self).createReport(reportBody(args));
    if (args.json) return ctx.json(event);
    ctx.print(event.ref);
    const notes = [
      event.routedToTeam ? `routed to ${event.routedToTeam}` : '',
      event.suspectedBreach ? 'flagged as a suspected breach' : '',
    ].filter(Boolean);
    ctx.io.stderr(
      `Report received${notes.length > 0 ? ` (${notes.join(', ')})` : ''}. Quote ${event.ref} when following up.\n`,
    );
  });
}
