import type { Command } from 'commander';
import { z } from 'zod';
import type { AuditEntry, ChainVerification } from '../api-types.ts';
import { id, incidentKey, limit, parseArgs, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';
import { EXIT } from '../errors.ts';
import { formatTime, renderTable, summarizeData, who } from '../table.ts';

const json = z.boolean().default(false);
const listArgs = z.object({
  incident: incidentKey.optional(),
  action: text.optional(),
  actor: id.optional(),
  limit: limit.optional(),
  json,
});

export function renderAudit(entries: readonly AuditEntry[]): string {
  return renderTable(
    entries,
    [
      { header: 'SEQ', value: (e) => e.seq, align: 'right' },
      { header: 'AT', value: (e) => formatTime(e.at) },
      { header: 'ACTOR', value: (e) => who(e.actor), maxWidth: 20 },
      { header: 'ACTION', value: (e) => e.action },
      {
        header: 'TARGET',
        value: (e) => (e.targetId ? `${e.targetType} ${e.targetId}` : e.targetType),
        maxWidth: 40,
      },
      { header: 'INCIDENT', value: (e) => e.incidentKey },
      { header: 'DATA', value: (e) => summarizeData(e.data), maxWidth: 80 },
    ],
    '(no audit entries)',
  );
}

/** The verification result for people, and the exit code: 0 when every chain holds, 3 otherwise. */
export function renderVerification(v: ChainVerification): { text: string; exitCode: number } {
  const lines: string[] = [];
  const audit = v.audit.firstBroken;
  lines.push(
    audit
      ? `audit log: BROKEN — first broken entry #${audit.seq}: ${audit.reason} (${v.audit.checked} checked)`
      : `audit log: ok (${v.audit.checked} entries checked)`,
  );
  const tl = v.timelines.firstBroken;
  lines.push(
    tl
      ? `incident timelines: BROKEN — first broken entry ${tl.incidentKey} #${tl.seq}: ${tl.reason}`
      : `incident timelines: ok (${v.timelines.checked} entries in ${v.timelines.incidents} incidents checked)`,
  );
  const broken = !v.ok || audit !== null || tl !== null;
  if (broken && audit === null && tl === null) lines.push('the server reports the chains as not intact');
  return { text: `${lines.join('\n')}\n`, exitCode: broken ? EXIT.broken : EXIT.ok };
}

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('read and verify the hash-chained audit log');

  const list = audit
    .command('list')
    .description('list audit entries, newest first')
    .option('--incident <key>', 'only entries about this incident')
    .option('--action <action>', 'only this action, e.g. incident.transition')
    .option('--actor <user-id>', 'only entries by this user')
    .option('--limit <n>', 'at most this many (1-200, default 50)');
  withJson(list);
  examples(list, [
    'cordon audit list --incident INC-2026-0007',
    'cordon audit list --action policy.activate --json',
  ]);
  list.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(listArgs, opts);
    const page = await ctx
      .api(self)
      .listAudit({ incidentKey: a.incident, action: a.action, actorId: a.actor, limit: a.limit });
    if (a.json) return ctx.json(page);
    ctx.print(renderAudit(page.items));
    if (page.nextCursor) ctx.print('(more entries: raise --limit or filter)');
  });

  const verify = audit
    .command('verify')
    .summary('verify the audit and timeline hash chains (exit 3 when broken)')
    .description(
      'recompute the hash chains of the audit log and every incident timeline.\n' +
        'Exit status 0 when intact, 3 when a chain is broken (the first broken entry is printed).',
    );
  withJson(verify);
  examples(verify, ['cordon audit verify || echo "audit chain broken"']);
  verify.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ json }), opts);
    const result = await ctx.api(self).verifyAudit();
    const { text: out, exitCode } = renderVerification(result);
    ctx.exitCode = exitCode;
    if (a.json) return ctx.json(result);
    ctx.print(out);
  });
}
