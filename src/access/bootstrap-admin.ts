import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { hashSecret, newId, newSecret } from '../platform/ids.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { systemActor } from './actor.ts';
import { countUsers, insertSignInSecret, insertToken, insertUser } from './store.ts';

export type BootstrapResult =
  | { created: false }
  | { created: true; userId: string; via: 'admin-token' }
  | { created: true; userId: string; via: 'one-time-secret'; secret: string; expiresAt: Date };

/**
 * First start on an empty database creates the first administrator, holding the policy's bootstrap roles.
 * With CORDON_ADMIN_TOKEN that string becomes the administrator's API token (for automation); otherwise a
 * one-time sign-in secret is returned to be printed once. There is never a default password.
 */
export async function bootstrapAdmin(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  adminToken: string | null,
): Promise<BootstrapResult> {
  return withTransaction(deps.db, async (tx) => {
    if ((await countUsers(tx)) > 0) return { created: false } as const;
    const now = deps.clock.now();
    const policy = await getActivePolicy(tx);
    const userId = newId();
    await insertUser(tx, {
      id: userId,
      username: 'admin',
      name: 'Administrator',
      roles: policy.document.access.bootstrapRoles,
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(tx, systemActor(), now, {
      action: 'user.created',
      targetType: 'user',
      targetId: userId,
      data: { username: 'admin', roles: policy.document.access.bootstrapRoles, reason: 'first start' },
    });
    if (adminToken) {
      await insertToken(tx, {
        id: newId(),
        userId,
        name: 'CORDON_ADMIN_TOKEN',
        prefix: adminToken.slice(0, 8),
        tokenHash: hashSecret(adminToken),
        createdAt: now,
      });
      await appendAudit(tx, systemActor(), now, {
        action: 'token.created',
        targetType: 'user',
        targetId: userId,
        data: { name: 'CORDON_ADMIN_TOKEN' },
      });
      return { created: true, userId, via: 'admin-token' } as const;
    }
    const secret = newSecret('setup');
    const expiresAt = new Date(now.getTime() + 24 * 3600_000);
    await insertSignInSecret(tx, { secretHash: hashSecret(secret), userId, createdAt: now, expiresAt });
    await appendAudit(tx, systemActor(), now, {
      action: 'auth.setup_secret_issued',
      targetType: 'user',
      targetId: userId,
    });
    return { created: true, userId, via: 'one-time-secret', secret, expiresAt } as const;
  });
}
