import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { inUuids } from '../platform/db/in-list.ts';
import { queryRows } from '../platform/db/prepared.ts';
import { apiTokens, sessions, signInSecrets, users } from './tables.ts';

export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;

export async function findUserById(tx: Tx, id: string): Promise<UserRow | undefined> {
  const [row] = await tx.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByUsername(tx: Tx, username: string): Promise<UserRow | undefined> {
  const [row] = await tx.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

export async function countUsers(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function insertUser(tx: Tx, row: typeof users.$inferInsert): Promise<UserRow> {
  const [inserted] = await tx.insert(users).values(row).returning();
  if (!inserted) throw new Error('insert user returned nothing');
  return inserted;
}

export async function updateUserRow(
  tx: Tx,
  id: string,
  set: Partial<typeof users.$inferInsert>,
): Promise<UserRow> {
  const [row] = await tx.update(users).set(set).where(eq(users.id, id)).returning();
  if (!row) throw new Error('update user returned nothing');
  return row;
}

export const listUserRows = (tx: Tx) => tx.select().from(users).orderBy(asc(users.username));

export async function usersByIds(tx: Tx, ids: readonly string[]): Promise<Map<string, UserRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx.select().from(users).where(inUuids(users.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertToken(tx: Tx, row: typeof apiTokens.$inferInsert): Promise<TokenRow> {
  const [inserted] = await tx.insert(apiTokens).values(row).returning();
  if (!inserted) throw new Error('insert token returned nothing');
  return inserted;
}

/** What authentication needs of a user: a `UserRow` from a prepared statement's row. */
const userColumns = `u.id, u.username, u.name, u.email, u.password_hash, u.roles, u.disabled_at, u.created_at,
  u.updated_at`;
type RawUser = {
  id: string;
  username: string;
  name: string;
  email: string | null;
  password_hash: string | null;
  roles: string[];
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
};
const toUser = (r: RawUser): UserRow => ({
  id: r.id,
  username: r.username,
  name: r.name,
  email: r.email,
  passwordHash: r.password_hash,
  roles: r.roles,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * The token and its user in one round trip. Every API request starts here, so it is a prepared statement
 * (no query building or planning per request).
 */
export async function findLiveTokenWithUser(tx: Tx, tokenHash: string, now: Date) {
  const [row] = await queryRows<
    RawUser & { token_id: string; expires_at: Date | null; last_used_at: Date | null }
  >(tx, {
    text: `select t.id as token_id, t.expires_at, t.last_used_at, ${userColumns}
        from api_tokens t join users u on u.id = t.user_id
        where t.token_hash = $1 and t.revoked_at is null`,
    values: [tokenHash],
    prepare: true,
  });
  if (!row || (row.expires_at && row.expires_at <= now)) return undefined;
  return { token: { id: row.token_id, lastUsedAt: row.last_used_at }, user: toUser(row) };
}

/** A live session and its user in one round trip (prepared, like the token lookup). */
export async function findLiveSessionWithUser(tx: Tx, idHash: string, now: Date) {
  const [row] = await queryRows<RawUser>(tx, {
    text: `select ${userColumns} from sessions s join users u on u.id = s.user_id
      where s.id_hash = $1 and s.expires_at > $2`,
    values: [idHash, now],
    prepare: true,
  });
  return row ? { user: toUser(row) } : undefined;
}

export async function findToken(tx: Tx, id: string): Promise<TokenRow | undefined> {
  const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export const listTokenRows = (tx: Tx, userId: string | null) =>
  tx
    .select()
    .from(apiTokens)
    .where(userId ? eq(apiTokens.userId, userId) : undefined)
    .orderBy(asc(apiTokens.createdAt));

export async function setTokenRevoked(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, id));
}

export async function touchToken(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}

export async function insertSession(tx: Tx, row: typeof sessions.$inferInsert): Promise<void> {
  await tx.insert(sessions).values(row);
}

export async function deleteSession(tx: Tx, idHash: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function insertSignInSecret(tx: Tx, row: typeof signInSecrets.$inferInsert): Promise<void> {
  await tx.insert(signInSecrets).values(row);
}

/** Marks a one-time secret used and returns its user, or undefined when unknown, used or expired. */
export async function consumeSignInSecret(
  tx: Tx,
  secretHash: string,
  now: Date,
): Promise<string | undefined> {
  const [row] = await tx
    .update(signInSecrets)
    .set({ usedAt: now })
    .where(
      and(
        eq(signInSecrets.secretHash, secretHash),
        isNull(signInSecrets.usedAt),
        gt(signInSecrets.expiresAt, now),
      ),
    )
    .returning({ userId: signInSecrets.userId });
  return row?.userId;
}
