import type { TokenRow, UserRow } from './store.ts';

export type UserRef = { id: string; name: string; username: string };

export const userRef = (u: Pick<UserRow, 'id' | 'name' | 'username'>): UserRef => ({
  id: u.id,
  name: u.name,
  username: u.username,
});

/** Explicit whitelist: a password hash can never leave the server by accident. */
export function presentUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email,
    roles: u.roles,
    disabled: u.disabledAt !== null,
    hasPassword: u.passwordHash !== null,
    createdAt: u.createdAt.toISOString(),
  };
}

export function presentToken(t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    userId: t.userId,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
