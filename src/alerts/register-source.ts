import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { hashSecret, newId, newSecret } from '../platform/ids.ts';
import type { RegisterSourceInput } from './schemas.ts';
import { type AlertSourceRow, findSourceByName, insertSource } from './store.ts';

/**
 * Registers a detection tool as an alert source with its own token (issue 5: "one token per source"). The
 * secret is returned once; only its SHA-256 is stored. Needs `tokens.manage`, like other API tokens.
 * @throws auth.forbidden, alert_source.name_taken
 */
export function registerSource(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  input: RegisterSourceInput,
): Promise<{ source: AlertSourceRow; secret: string }> {
  assertCan(actor, 'tokens.manage');
  return withTransaction(deps.db, async (tx) => {
    const existing = await findSourceByName(tx, input.name);
    if (existing && !existing.revokedAt)
      throw new AppError('alert_source.name_taken', `An alert source named "${input.name}" exists.`);
    const now = deps.clock.now();
    const secret = newSecret('cordon_src');
    const source = await insertSource(tx, existing?.id ?? null, {
      id: existing?.id ?? newId(),
      name: input.name,
      kind: input.kind,
      description: input.description ?? null,
      tokenHash: hashSecret(secret),
      prefix: secret.slice(0, 18),
      createdAt: now,
      createdBy: actor.userId,
      revokedAt: null,
    });
    await appendAudit(tx, actor, now, {
      action: 'alert_source.registered',
      targetType: 'alert_source',
      targetId: source.id,
      data: { name: source.name, kind: source.kind, reissued: existing !== undefined },
    });
    return { source, secret };
  });
}
