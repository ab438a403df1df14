import { asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { slaClocks } from './tables.ts';

export type SlaRow = typeof slaClocks.$inferSelect;

export async function findClock(tx: Tx, incidentId: string, lock = false): Promise<SlaRow | undefined> {
  const q = tx.select().from(slaClocks).where(eq(slaClocks.incidentId, incidentId));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function saveClock(tx: Tx, row: typeof slaClocks.$inferInsert): Promise<void> {
  const { incidentId: _id, ...set } = row;
  await tx.insert(slaClocks).values(row).onConflictDoUpdate({ target: slaClocks.incidentId, set });
}

export async function updateClock(tx: Tx, incidentId: string, set: Partial<typeof slaClocks.$inferInsert>) {
  await tx.update(slaClocks).set(set).where(eq(slaClocks.incidentId, incidentId));
}

export async function deleteClock(tx: Tx, incidentId: string): Promise<void> {
  await tx.delete(slaClocks).where(eq(slaClocks.incidentId, incidentId));
}

export const listClocks = (tx: Tx, states: readonly SlaRow['state'][]) =>
  tx
    .select()
    .from(slaClocks)
    .where(inArray(slaClocks.state, [...states]))
    .orderBy(asc(slaClocks.dueAt))
    .limit(500);
