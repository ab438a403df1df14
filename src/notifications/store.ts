import { and, desc, eq, ilike, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { inUuids } from '../platform/db/in-list.ts';
import { containsPattern } from '../platform/db/like.ts';
import { chatRooms, deliveries, incidentComms } from './tables.ts';

export type DeliveryRow = typeof deliveries.$inferSelect;
export type DeliveryStatus = DeliveryRow['status'];

/** Inserts a delivery unless one with the same key exists; returns the stored row either way. */
export async function insertDelivery(
  tx: Tx,
  row: typeof deliveries.$inferInsert,
): Promise<{ row: DeliveryRow; created: boolean }> {
  const [inserted] = await tx.insert(deliveries).values(row).onConflictDoNothing().returning();
  if (inserted) return { row: inserted, created: true };
  const [existing] = await tx.select().from(deliveries).where(eq(deliveries.key, row.key));
  if (!existing) throw new Error('delivery neither inserted nor found');
  return { row: existing, created: false };
}

/** Inserts many deliveries in one statement; those whose key exists are returned as stored, not created. */
export async function insertDeliveries(
  tx: Tx,
  rows: (typeof deliveries.$inferInsert)[],
): Promise<{ row: DeliveryRow; created: boolean }[]> {
  if (rows.length === 0) return [];
  const inserted = await tx.insert(deliveries).values(rows).onConflictDoNothing().returning();
  const byKey = new Map(inserted.map((r) => [r.key, r]));
  const missing = rows.filter((r) => !byKey.has(r.key)).map((r) => r.key);
  const existing =
    missing.length > 0 ? await tx.select().from(deliveries).where(inArray(deliveries.key, missing)) : [];
  const old = new Map(existing.map((r) => [r.key, r]));
  return rows.map((r) => {
    const created = byKey.get(r.key);
    const row = created ?? old.get(r.key);
    if (!row) throw new Error('delivery neither inserted nor found');
    return { row, created: created !== undefined };
  });
}

export async function findDelivery(tx: Tx, id: string, lock = false): Promise<DeliveryRow | undefined> {
  const q = tx.select().from(deliveries).where(eq(deliveries.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateDelivery(tx: Tx, id: string, set: Partial<typeof deliveries.$inferInsert>) {
  const [row] = await tx.update(deliveries).set(set).where(eq(deliveries.id, id)).returning();
  if (!row) throw new Error('update delivery returned nothing');
  return row;
}

export async function deliveriesOfPages(tx: Tx, pageIds: readonly string[]): Promise<DeliveryRow[]> {
  if (pageIds.length === 0) return [];
  return tx.select().from(deliveries).where(inUuids(deliveries.pageId, pageIds)).orderBy(deliveries.ord);
}

export interface DeliveryFilter {
  status?: DeliveryStatus | undefined;
  incidentId?: string | undefined;
  userId?: string | undefined;
  teamKeys?: readonly string[] | undefined;
  channels?: readonly string[] | undefined;
  /** Part of the recipient's name or address, any case. */
  recipient?: string | undefined;
  before?: number | undefined;
  limit: number;
}

export function listDeliveryRows(tx: Tx, f: DeliveryFilter): Promise<DeliveryRow[]> {
  const where: SQL[] = [];
  if (f.status) where.push(eq(deliveries.status, f.status));
  if (f.incidentId) where.push(eq(deliveries.incidentId, f.incidentId));
  if (f.channels) where.push(inArray(deliveries.channel, [...f.channels]));
  if (f.recipient) {
    const pattern = containsPattern(f.recipient);
    const named = or(ilike(deliveries.recipientName, pattern), ilike(deliveries.address, pattern));
    if (named) where.push(named);
  }
  const mine: SQL[] = [];
  if (f.userId) mine.push(eq(deliveries.userId, f.userId));
  if (f.teamKeys && f.teamKeys.length > 0) mine.push(inArray(deliveries.teamKey, [...f.teamKeys]));
  if (f.userId !== undefined || f.teamKeys !== undefined) {
    const either = mine.length > 0 ? or(...mine) : undefined;
    if (!either) return Promise.resolve([]);
    where.push(either);
  }
  if (f.before) where.push(lt(deliveries.ord, f.before));
  return tx
    .select()
    .from(deliveries)
    .where(and(...where))
    .orderBy(desc(deliveries.ord))
    .limit(f.limit);
}

export async function findComms(tx: Tx, incidentId: string) {
  const [row] = await tx.select().from(incidentComms).where(eq(incidentComms.incidentId, incidentId));
  return row;
}

export async function saveComms(tx: Tx, row: typeof incidentComms.$inferInsert): Promise<void> {
  await tx
    .insert(incidentComms)
    .values(row)
    .onConflictDoUpdate({
      target: incidentComms.incidentId,
      set: {
        outOfBand: row.outOfBand,
        reason: row.reason,
        changedBy: row.changedBy,
        changedAt: row.changedAt,
      },
    });
}

export async function findChatRoom(tx: Tx, incidentId: string) {
  const [row] = await tx.select().from(chatRooms).where(eq(chatRooms.incidentId, incidentId));
  return row;
}

export async function insertChatRoom(tx: Tx, row: typeof chatRooms.$inferInsert): Promise<void> {
  await tx.insert(chatRooms).values(row).onConflictDoNothing();
}

/** Deliveries about an event follow it into the incident it became part of (their outcomes land there). */
export async function linkDeliveriesToIncident(tx: Tx, eventId: string, incidentId: string): Promise<void> {
  await tx.update(deliveries).set({ incidentId }).where(eq(deliveries.eventId, eventId));
}
