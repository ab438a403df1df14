import { and, eq, isNull, sql } from 'drizzle-orm';
import { users } from '../access/tables.ts';
import { eventAttachments, events, mailMessages } from '../intake/tables.ts';
import type { Tx } from '../platform/db/client.ts';
import { inList } from './in-list.ts';

export async function findMailMessage(tx: Tx, messageId: string) {
  const [row] = await tx.select().from(mailMessages).where(eq(mailMessages.messageId, messageId));
  return row;
}

/** The event a reply belongs to, through any Message-ID it names; the newest reference wins. */
export async function findEventForThread(tx: Tx, ids: string[]) {
  if (ids.length === 0) return undefined;
  const rows = await tx
    .select({ messageId: mailMessages.messageId, event: events })
    .from(mailMessages)
    .innerJoin(events, eq(events.id, mailMessages.eventId))
    .where(inList(mailMessages.messageId, ids));
  for (const id of ids) {
    const hit = rows.find((r) => r.messageId === id);
    if (hit) return hit.event;
  }
  return undefined;
}

export async function insertMailMessages(tx: Tx, rows: (typeof mailMessages.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(mailMessages).values(rows).onConflictDoNothing();
}

export async function insertAttachments(
  tx: Tx,
  rows: (typeof eventAttachments.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) await tx.insert(eventAttachments).values(rows);
}

/** The Cordon user with this e-mail address, if any (enabled users only). */
export async function findUserByEmail(tx: Tx, email: string) {
  const [row] = await tx
    .select({ id: users.id, name: users.name, roles: users.roles })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.disabledAt)));
  return row;
}

export async function touchEvent(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(events).set({ lastSeenAt: at }).where(eq(events.id, id));
}
