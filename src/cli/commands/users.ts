import type { Command } from 'commander';
import { z } from 'zod';
import type { User } from '../api-types.ts';
import { collect, email, parseArgs, policyKey, text } from '../args.ts';
import type { CliContext } from '../context.ts';
import { examples, withJson } from '../context.ts';
import { UsageError } from '../errors.ts';
import { renderFields, renderTable } from '../table.ts';

const json = z.boolean().default(false);
const addArgs = z.object({
  USERNAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be letters, digits, dots, dashes or underscores (e.g. jdoe)'),
  name: text,
  email: email.optional(),
  role: z.array(policyKey).default([]),
  passwordStdin: z.boolean().default(false),
  json,
});

/** The list routes answer `{ items }` (docs/api.md conventions); a bare array is accepted too. */
export function itemsOf<T>(answer: unknown, key: string): T[] {
  if (Array.isArray(answer)) return answer as T[];
  if (typeof answer === 'object' && answer !== null) {
    const record = answer as Record<string, unknown>;
    if (Array.isArray(record.items)) return record.items as T[];
    if (Array.isArray(record[key])) return record[key] as T[];
  }
  return [];
}

/** One object answers may come bare or wrapped (`{ user }`). */
export function objectOf<T>(answer: unknown, key: string): T {
  if (typeof answer === 'object' && answer !== null && key in answer) {
    return (answer as Record<string, unknown>)[key] as T;
  }
  return answer as T;
}

/** A password piped in: the final newline `echo` adds is not part of it. */
export function passwordFromStdin(input: string): string {
  const password = input.replace(/\r?\n$/, '');
  if (password === '') throw new UsageError('--password-stdin: standard input is empty');
  return password;
}

export function renderUsers(users: readonly User[]): string {
  return renderTable(
    users,
    [
      { header: 'ID', value: (u) => u.id },
      { header: 'USERNAME', value: (u) => u.username },
      { header: 'NAME', value: (u) => u.name, maxWidth: 30 },
      { header: 'EMAIL', value: (u) => u.email, maxWidth: 32 },
      {
        header: 'ROLES',
        value: (u) => (u.disabled ? `(disabled) ${u.roles.join(', ')}` : u.roles.join(', ')),
      },
    ],
    '(no users)',
  );
}

export function registerUserCommands(program: Command, ctx: CliContext): void {
  const user = program
    .command('user')
    .alias('users')
    .description('manage people who use Cordon (administrators)');

  const add = user
    .command('add')
    .description('create a user; roles are keys from the active policy')
    .argument('<USERNAME>', 'login name')
    .requiredOption('--name <name>', 'full name')
    .option('--email <email>', 'e-mail address (for notifications)')
    .option('--role <role>', 'a policy role, e.g. security-delegate (repeat for several)', collect, [])
    .option('--password-stdin', 'read a password from standard input (otherwise API tokens only)');
  withJson(add);
  examples(add, [
    'cordon user add jdoe --name "Jane Doe" --email jane@example.com --role security-delegate',
    'printf %s "$PASSWORD" | cordon user add jdoe --name "Jane Doe" --password-stdin',
  ]);
  add.action(async (username: string, opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(addArgs, { ...opts, USERNAME: username });
    const password = a.passwordStdin ? passwordFromStdin(await ctx.readStdin()) : undefined;
    const body = { username: a.USERNAME, name: a.name, email: a.email, roles: a.role, password };
    const answer = await ctx.api(self).createUser(body);
    if (a.json) return ctx.json(answer);
    const created = objectOf<User>(answer, 'user');
    ctx.print(`user ${created.username} created (id ${created.id})`);
  });

  const list = user.command('list').description('list users');
  withJson(list);
  examples(list, ['cordon user list', 'cordon user list --json']);
  list.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ json }), opts);
    const answer = await ctx.api(self).listUsers();
    if (a.json) return ctx.json(answer);
    ctx.print(renderUsers(itemsOf<User>(answer, 'users')));
  });

  const whoami = program
    .command('whoami')
    .description('show who the token belongs to, with roles and permissions');
  withJson(whoami);
  examples(whoami, ['cordon whoami', 'CORDON_TOKEN=… cordon whoami --json']);
  whoami.action(async (opts: Record<string, unknown>, self: Command) => {
    const a = parseArgs(z.object({ json }), opts);
    const me = await ctx.api(self).me();
    if (a.json) return ctx.json(me);
    ctx.print(
      renderFields([
        ['User', `${me.user.name} (${me.user.username})`],
        ['ID', me.user.id],
        ['E-mail', me.user.email],
        ['Roles', me.user.roles.join(', ') || 'none'],
        ['Permissions', me.user.permissions.join(', ') || 'none'],
      ]),
    );
  });
}
