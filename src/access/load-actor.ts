import type { Tx } from '../platform/db/client.ts';
import { getActivePolicy } from '../policy/versions.ts';
import type { Actor } from './actor.ts';
import { permissionsFor } from './can.ts';
import type { UserRow } from './store.ts';

/** Builds the actor for a signed-in user: their policy roles resolved to permissions by the active policy. */
export async function actorForUser(tx: Tx, user: UserRow, requestId: string | null): Promise<Actor> {
  const policy = await getActivePolicy(tx);
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    name: user.name,
    roles: user.roles,
    permissions: permissionsFor(policy.document, user.roles),
    requestId,
  };
}
