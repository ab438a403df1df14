import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import type { EventRow } from './present.ts';
import { events, reports } from './tables.ts';

export async function insertEvent(tx: Tx, row: typeof events.$inferInsert): Promise<EventRow> {
  const [inserted] = await tx.insert(events).values(row).returning();
  if (!inserted) throw new Error('insert event returned nothing');
  return inserted;
}

export async function insertReport(tx: Tx, row: typeof reports.$inferInsert): Promise<void> {
  await tx.insert(reports).values(row);
}

export async function findEventByRef(tx: Tx, ref: string, lock = false): Promise<EventRow | undefined> {
  const q = tx.select().from(events).where(eq(events.ref, ref.toUpperCase()));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateEventRow(
  tx: Tx,
  id: string,
  set: Partial<typeof events.$inferInsert>,
): Promise<EventRow> {
  const [row] = await tx.update(events).set(set).where(eq(events.id, id)).returning();
  if (!row) throw new Error('update event returned nothing');
  return row;
}
