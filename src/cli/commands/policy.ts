import type { Command } from 'commander';
import { z } from 'zod';
import type { PolicyDocument, PolicyVersionSummary } from '../api-types.ts';
import { parseArgs, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';
import { EXIT } from '../errors.ts';
import { type Field, formatTime, renderFields, renderTable, who } from '../table.ts';

const json = z.boolean().default(false);
const fileArgs = z.object({ FILE: text, json });
const uploadArgs = z.object({ FILE: text, activate: z.boolean().default(false), json });
const showArgs = z.object({ source: z.boolean().default(false), json });
const versionArgs = z.object({
  VERSION: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .positive('must be 1 or more'),
  json,
});

/** Name, severities (with SLA and what closing needs), phases (with their moves) and roles. */
export function policyFields(doc: PolicyDocument): Field[] {
  const severities = (doc.severities ?? []).map((s) => {
    const extra = [
      s.remediationSla ? `SLA ${s.remediationSla}` : '',
      s.requiredBeforeClose?.length ? `needs ${s.requiredBeforeClose.join(', ')} to close` : '',
    ].filter(Boolean);
    return `${s.key}${s.name ? ` ${s.name}` : ''}${extra.length > 0 ? ` (${extra.join('; ')})` : ''}`;
  });
  const phases = (doc.phases ?? []).map(
    (p) => `${p.key}${p.closing ? ' [closing]' : ''}${p.next?.length ? ` → ${p.next.join(', ')}` : ''}`,
  );
  const roles = (doc.roles ?? []).map((r) => `${r.key}${r.name ? ` (${r.name})` : ''}`);
  const types = (doc.incidentTypes ?? []).map((t) => t.key);
  return [
    ['Name', doc.metadata?.name],
    ['Title', doc.metadata?.title],
    ['Severities', severities.join('\n')],
    ['Phases', phases.join('\n')],
    ['Roles', roles.join('\n')],
    ['Incident types', types.join(', ')],
  ];
}

function renderVersions(items: readonly PolicyVersionSummary[]): string {
  return renderTable(
    items,
    [
      { header: 'VERSION', value: (v) => v.version, align: 'right' },
      { header: 'ACTIVE', value: (v) => (v.active ? 'yes' : '') },
      { header: 'NAME', value: (v) => v.name },
      { header: 'CREATED', value: (v) => formatTime(v.createdAt) },
      { header: 'BY', value: (v) => (v.createdBy ? who(v.createdBy) : null) },
      { header: 'SHA256', value: (v) => v.sha256.slice(0, 12) },
      { header: 'TITLE', value: (v) => v.title, maxWidth: 50 },
    ],
    '(no policy versions)',
  );
}

export function registerPolicyCommands(program: Command, ctx: CliContext): void {
  const policy = program.command('policy').description('check, upload and activate the policy file');

  const validate = policy
    .command('validate')
    .description('check a policy file locally (no server needed); prints every error with file:line:column')
    .argument('<FILE>', 'policy YAML file');
  withJson(validate);
  examples(validate, ['cordon policy validate policies/default.yaml']);
  validate.action(async (file: string, opts: Record<string, unknown>) => {
    const a = parseArgs(fileArgs, { ...opts, FILE: file });
    const { loadPolicyFile, formatPolicyErrors } = await import('../../policy/load.ts');
    const result = await loadPolicyFile(a.FILE);
    if (!result.ok) {
      ctx.exitCode = EXIT.refused;
      if (a.json) return ctx.json({ ok: false, errors: result.errors });
      const count = result.errors.length;
      ctx.io.stderr(`${formatPolicyErrors(result.errors).trimEnd()}\n`);
      ctx.io.stderr(`${a.FILE}: ${count} error${count === 1 ? '' : 's'}; the policy is not valid\n`);
      return;
    }
    if (a.json) return ctx.json({ ok: true, policy: result.policy });
    ctx.print(`${a.FILE}: valid\n${renderFields(policyFields(result.policy))}`);
  });

  const show = policy
    .command('show')
    .description('show the active policy')
    .option('--source', 'print the YAML source exactly as uploaded');
  withJson(show);
  examples(show, ['cordon policy show', 'cordon policy show --source > policy.yaml']);
  show.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(showArgs, opts);
    const active = await ctx.api(self).getPolicy();
    if (a.json) return ctx.json(active);
    if (a.source) return ctx.io.stdout(active.source);
    const activated = active.activatedAt
      ? `${formatTime(active.activatedAt)} by ${who(active.activatedBy)}`
      : null;
    ctx.print(
      renderFields([
        ['Version', active.version],
        ['Activated', activated],
        ['SHA-256', active.sha256],
        ...policyFields(active.document),
      ]),
    );
  });

  const versions = policy.command('versions').description('list stored policy versions');
  withJson(versions);
  examples(versions, ['cordon policy versions']);
  versions.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ json }), opts);
    const list = await ctx.api(self).listPolicyVersions();
    if (a.json) return ctx.json(list);
    ctx.print(renderVersions(list.items));
  });

  const upload = policy
    .command('upload')
    .description('store a new policy version (validated by the server); --activate makes it the active one')
    .argument('<FILE>', 'policy YAML file')
    .option('--activate', 'activate it right away (an audited change)');
  withJson(upload);
  examples(upload, [
    'cordon policy upload policies/acme.yaml',
    'cordon policy upload policies/acme.yaml --activate',
  ]);
  upload.action(async (file: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(uploadArgs, { ...opts, FILE: file });
    const source = await ctx.readText(a.FILE);
    ctx.errorContext.file = a.FILE;
    const stored = await ctx.api(self).uploadPolicy(source, a.activate);
    if (a.json) return ctx.json(stored);
    ctx.print(
      stored.active
        ? `policy version ${stored.version} (${stored.name}) stored and active`
        : `policy version ${stored.version} (${stored.name}) stored; activate it with \`cordon policy activate ${stored.version}\``,
    );
  });

  const activate = policy
    .command('activate')
    .description('make a stored policy version the active one; new incidents run under it')
    .argument('<VERSION>', 'version number (see `cordon policy versions`)');
  withJson(activate);
  examples(activate, ['cordon policy activate 3']);
  activate.action(async (version: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(versionArgs, { ...opts, VERSION: version });
    const active = await ctx.api(self).activatePolicy(a.VERSION);
    if (a.json) return ctx.json(active);
    ctx.print(`policy version ${active.version} (${active.name}) is now active`);
  });
}
