import type { AppDeps } from '../app/deps.ts';
import { AppError } from '../platform/errors.ts';
import { hashSecret } from '../platform/ids.ts';
import type { Actor } from './actor.ts';
import { actorForUser } from './load-actor.ts';
import { findLiveSessionWithUser, findLiveTokenWithUser, touchToken } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

const unauthenticated = (message: string) => new AppError('auth.unauthenticated', message);

/** Resolves an API token to its user. Tokens are stored hashed; the secret itself never touches the database. */
export async function authenticateToken(deps: Deps, token: string, requestId: string | null): Promise<Actor> {
  const now = deps.clock.now();
  const found = await findLiveTokenWithUser(deps.db, hashSecret(token), now);
  if (!found) throw unauthenticated('The API token is unknown, revoked or expired.');
  const { token: row, user } = found;
  if (user.disabledAt) throw unauthenticated('The API token belongs to a disabled user.');
  // Last use is informational; record it at most once a minute to keep reads cheap.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await touchToken(deps.db, row.id, now);
  return actorForUser(deps.db, user, requestId);
}

/** Resolves a session cookie to its user. */
export async function authenticateSession(
  deps: Deps,
  sessionId: string,
  requestId: string | null,
): Promise<Actor> {
  const found = await findLiveSessionWithUser(deps.db, hashSecret(sessionId), deps.clock.now());
  if (!found) throw unauthenticated('Your session has expired. Sign in again.');
  const { user } = found;
  if (user.disabledAt) throw unauthenticated('Your account is disabled.');
  return actorForUser(deps.db, user, requestId);
}
