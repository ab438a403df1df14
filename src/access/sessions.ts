import type { AppDeps } from '../app/deps.ts';
import type { Tx } from '../platform/db/client.ts';
import { hashSecret, newSecret } from '../platform/ids.ts';
import { insertSession } from './store.ts';

/** Opens a session and returns the cookie value (only its hash is stored). */
export async function openSession(tx: Tx, deps: Pick<AppDeps, 'clock' | 'config'>, userId: string) {
  const now = deps.clock.now();
  const id = newSecret('cs');
  const expiresAt = new Date(now.getTime() + deps.config.sessionHours * 3600_000);
  await insertSession(tx, { idHash: hashSecret(id), userId, createdAt: now, expiresAt, lastSeenAt: now });
  return { id, expiresAt };
}
