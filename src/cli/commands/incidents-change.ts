import type { Command } from 'commander';
import { z } from 'zod';
import { id, incidentKey, parseArgs, policyKey, severityKey, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';
import { CliFailure } from '../errors.ts';
import { formatDue, formatTime } from '../table.ts';

const json = z.boolean().default(false);
const moveArgs = z.object({ KEY: incidentKey, PHASE: policyKey, reason: text.optional(), json });
const noteArgs = z.object({ KEY: incidentKey, TEXT: text, json });
const severityArgs = z.object({ KEY: incidentKey, SEVERITY: severityKey, reason: text, json });
const roleArgs = z.object({ KEY: incidentKey, ROLE: policyKey, USER_ID: id, json });
export const rcaArgs = z
  .object({ KEY: incidentKey, file: text.optional(), body: text.optional(), json })
  .refine((a) => (a.file === undefined) !== (a.body === undefined), {
    message: 'give exactly one of --file or --body',
    path: ['file'],
  });

/** Commands that change an existing incident; each is one audited API call. */
export function registerIncidentChangeCommands(incidents: Command, ctx: CliContext): void {
  const move = incidents
    .command('move')
    .summary('move an incident to another phase (the policy decides what is allowed)')
    .description(
      'move an incident to another phase; the policy decides which moves are allowed and what must be\n' +
        'done before closing (a refusal names the rule and how to unblock it)',
    )
    .argument('<KEY>', 'incident key')
    .argument('<PHASE>', 'phase key from the policy, e.g. containment or closed')
    .option('--reason <text>', 'why, for the timeline');
  withJson(move);
  examples(move, [
    'cordon incidents move INC-2026-0007 containment',
    'cordon incidents move INC-2026-0007 closed',
  ]);
  move.action(async (key: string, phase: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(moveArgs, { ...opts, KEY: key, PHASE: phase });
    const incident = await ctx.api(self).moveIncident(a.KEY, a.PHASE, a.reason);
    if (a.json) return ctx.json(incident);
    ctx.print(
      incident.closedAt
        ? `${incident.key} closed (${incident.phase}, ${formatTime(incident.closedAt)})`
        : `${incident.key} moved to ${incident.phase}`,
    );
  });

  const note = incidents.command('note').description("add a note to an incident's timeline");
  note.argument('<KEY>', 'incident key').argument('<TEXT>', 'the note (quote it)');
  withJson(note);
  examples(note, ['cordon incidents note INC-2026-0007 "Rotated the root password; MFA added"']);
  note.action(async (key: string, body: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(noteArgs, { ...opts, KEY: key, TEXT: body });
    const entry = await ctx.api(self).addNote(a.KEY, a.TEXT);
    if (a.json) return ctx.json(entry);
    ctx.print(`note added to ${a.KEY} (timeline #${entry.seq})`);
  });

  const severity = incidents
    .command('severity')
    .description('change the severity; the SLA and escalation follow the policy')
    .argument('<KEY>', 'incident key')
    .argument('<SEVERITY>', 'severity key from the policy, e.g. P1')
    .requiredOption('--reason <text>', 'why the severity changed');
  withJson(severity);
  examples(severity, ['cordon incidents severity INC-2026-0007 P0 --reason "Active exploitation confirmed"']);
  severity.action(async (key: string, sev: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(severityArgs, { ...opts, KEY: key, SEVERITY: sev });
    const incident = await ctx.api(self).setSeverity(a.KEY, a.SEVERITY, a.reason);
    if (a.json) return ctx.json(incident);
    const due = incident.remediationDueAt
      ? `; SLA due ${formatDue(incident.remediationDueAt, ctx.now())}`
      : '';
    ctx.print(`${incident.key} is now ${incident.severity}${due}`);
  });

  const assign = incidents
    .command('assign-role')
    .description('give a user a response role on an incident (roles come from the policy)')
    .argument('<KEY>', 'incident key')
    .argument('<ROLE>', 'role key from the policy, e.g. incident-commander')
    .argument('<USER_ID>', 'user id (see `cordon user list`)');
  withJson(assign);
  examples(assign, ['cordon incidents assign-role INC-2026-0007 incident-commander 0b9c…']);
  assign.action(
    async (key: string, role: string, user: string, opts: Record<string, unknown>, self: Command) => {
      const a = parseArgs(roleArgs, { ...opts, KEY: key, ROLE: role, USER_ID: user });
      const incident = await ctx.api(self).assignRole(a.KEY, a.ROLE, a.USER_ID);
      if (a.json) return ctx.json(incident);
      const holder = incident.roles.find((r) => r.role === a.ROLE && r.user.id === a.USER_ID)?.user;
      ctx.print(
        `${incident.key}: ${a.ROLE} is ${holder ? `${holder.name} (${holder.username})` : a.USER_ID}`,
      );
    },
  );

  const rca = incidents
    .command('rca')
    .description('record or replace the root cause analysis (Markdown)')
    .argument('<KEY>', 'incident key')
    .option('--file <path>', "read the RCA from a Markdown file ('-' for standard input)")
    .option('--body <text>', 'the RCA text itself');
  withJson(rca);
  examples(rca, [
    'cordon incidents rca INC-2026-0007 --file rca.md',
    'cordon incidents rca INC-2026-0007 --body "…"',
  ]);
  rca.action(async (key: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(rcaArgs, { ...opts, KEY: key });
    const body = a.body ?? (await ctx.readText(a.file ?? '-'));
    if (body.trim() === '') throw new CliFailure(`${a.file} is empty: nothing to record`);
    const saved = await ctx.api(self).putRca(a.KEY, body);
    if (a.json) return ctx.json(saved);
    ctx.print(`RCA for ${a.KEY} saved (version ${saved.version})`);
  });
}
