import type { Command } from 'commander';
import { z } from 'zod';
import type { ApiToken } from '../api-types.ts';
import { id, isoTime, parseArgs, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';
import { formatTime, renderTable } from '../table.ts';
import { itemsOf } from './users.ts';

const json = z.boolean().default(false);
const createArgs = z.object({ name: text, user: id.optional(), expiresAt: isoTime.optional(), json });
const revokeArgs = z.object({ ID: id, json });

export function renderTokens(tokens: readonly ApiToken[]): string {
  return renderTable(
    tokens,
    [
      { header: 'ID', value: (t) => t.id },
      { header: 'NAME', value: (t) => t.name, maxWidth: 30 },
      { header: 'PREFIX', value: (t) => t.prefix },
      { header: 'USER', value: (t) => t.userId },
      { header: 'CREATED', value: (t) => (t.createdAt ? formatTime(t.createdAt) : null) },
      { header: 'EXPIRES', value: (t) => (t.expiresAt ? formatTime(t.expiresAt) : 'never') },
      { header: 'LAST USED', value: (t) => (t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never') },
      { header: 'REVOKED', value: (t) => (t.revokedAt ? formatTime(t.revokedAt) : null) },
    ],
    '(no tokens)',
  );
}

export function registerTokenCommands(program: Command, ctx: CliContext): void {
  const token = program
    .command('token')
    .alias('tokens')
    .description('manage API tokens for the CLI and scripts');

  const create = token
    .command('create')
    .description('create an API token; its secret is printed once and cannot be shown again')
    .requiredOption('--name <name>', 'what the token is for, e.g. "ci" or "alertmanager"')
    .option('--user <user-id>', 'create it for another user (administrators); default: yourself')
    .option('--expires-at <iso-time>', 'expiry, ISO-8601 with zone');
  withJson(create);
  examples(create, [
    'cordon token create --name laptop',
    'export CORDON_TOKEN=$(cordon token create --name ci --expires-at 2026-12-31T00:00:00Z)',
  ]);
  create.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(createArgs, opts);
    const created = await ctx.api(self).createToken({ name: a.name, userId: a.user, expiresAt: a.expiresAt });
    if (a.json) return ctx.json(created);
    // The secret alone goes to stdout so `$(cordon token create …)` captures just it.
    ctx.print(created.secret);
    ctx.io.stderr(
      `Token "${created.token.name}" created (id ${created.token.id}, prefix ${created.token.prefix}).\n` +
        'WARNING: this is the only time the secret is shown; it will not be shown again. Store it now.\n',
    );
  });

  const list = token.command('list').description('list API tokens (never their secrets)');
  withJson(list);
  examples(list, ['cordon token list']);
  list.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ json }), opts);
    const answer = await ctx.api(self).listTokens();
    if (a.json) return ctx.json(answer);
    ctx.print(renderTokens(itemsOf<ApiToken>(answer, 'tokens')));
  });

  const revoke = token
    .command('revoke')
    .description('revoke an API token at once')
    .argument('<ID>', 'token id');
  withJson(revoke);
  examples(revoke, ['cordon token revoke 3f2a…']);
  revoke.action(async (tokenId: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(revokeArgs, { ...opts, ID: tokenId });
    await ctx.api(self).revokeToken(a.ID);
    // 204 has no body: with --json there is nothing to print, the exit status says it.
    if (!a.json) ctx.print(`token ${a.ID} revoked`);
  });
}
