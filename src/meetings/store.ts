import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { meetingOccurrences } from './tables.ts';

export type OccurrenceRow = typeof meetingOccurrences.$inferSelect;

export async function lastOccurrence(
  tx: Tx,
  incidentId: string,
  meetingId: string,
): Promise<OccurrenceRow | undefined> {
  const [row] = await tx
    .select()
    .from(meetingOccurrences)
    .where(and(eq(meetingOccurrences.incidentId, incidentId), eq(meetingOccurrences.meetingId, meetingId)))
    .orderBy(desc(meetingOccurrences.startsAt))
    .limit(1);
  return row;
}

/** Inserts an occurrence unless that date's already exists (a timer fired twice); undefined then. */
export async function insertOccurrence(tx: Tx, row: typeof meetingOccurrences.$inferInsert) {
  const [inserted] = await tx.insert(meetingOccurrences).values(row).onConflictDoNothing().returning();
  return inserted;
}

export const upcomingInvited = (tx: Tx, incidentId: string, meetingId: string, now: Date) =>
  tx
    .select()
    .from(meetingOccurrences)
    .where(
      and(
        eq(meetingOccurrences.incidentId, incidentId),
        eq(meetingOccurrences.meetingId, meetingId),
        eq(meetingOccurrences.state, 'invited'),
        gt(meetingOccurrences.startsAt, now),
      ),
    )
    .orderBy(asc(meetingOccurrences.startsAt));

export async function updateOccurrence(
  tx: Tx,
  id: string,
  set: Partial<typeof meetingOccurrences.$inferInsert>,
) {
  const [row] = await tx.update(meetingOccurrences).set(set).where(eq(meetingOccurrences.id, id)).returning();
  if (!row) throw new Error('update occurrence returned nothing');
  return row;
}

export async function findOccurrence(tx: Tx, id: string, lock = false): Promise<OccurrenceRow | undefined> {
  const q = tx.select().from(meetingOccurrences).where(eq(meetingOccurrences.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export const occurrencesOf = (tx: Tx, incidentId: string) =>
  tx
    .select()
    .from(meetingOccurrences)
    .where(eq(meetingOccurrences.incidentId, incidentId))
    .orderBy(asc(meetingOccurrences.startsAt));
