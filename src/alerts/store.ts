import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { alertSources } from './tables.ts';

export type AlertSourceRow = typeof alertSources.$inferSelect;

export async function findSourceByName(tx: Tx, name: string): Promise<AlertSourceRow | undefined> {
  const [row] = await tx.select().from(alertSources).where(eq(alertSources.name, name));
  return row;
}

export async function findSourceById(tx: Tx, id: string): Promise<AlertSourceRow | undefined> {
  const [row] = await tx.select().from(alertSources).where(eq(alertSources.id, id));
  return row;
}

/** Inserts a source, or re-issues a revoked one under the same id (its events keep pointing at it). */
export async function insertSource(
  tx: Tx,
  replacing: string | null,
  row: typeof alertSources.$inferInsert,
): Promise<AlertSourceRow> {
  const [out] = replacing
    ? await tx.update(alertSources).set(row).where(eq(alertSources.id, replacing)).returning()
    : await tx.insert(alertSources).values(row).returning();
  if (!out) throw new Error('alert source write returned nothing');
  return out;
}

export const listSourceRows = (tx: Tx) => tx.select().from(alertSources).orderBy(asc(alertSources.name));

export async function setSourceRevoked(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(alertSources).set({ revokedAt: at }).where(eq(alertSources.id, id));
}
