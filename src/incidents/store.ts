import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { inUuids } from '../platform/db/in-list.ts';
import { incidentDocuments, incidentRoles, incidents } from './tables.ts';

/**
 * An incident as the use cases see it: every column but the stored view (JSON text for lists, ~1 KB) and
 * the search vector, which no use case reads.
 */
const { viewJson: _view, search: _search, ...rowColumns } = getTableColumns(incidents);
export const incidentRowColumns = rowColumns;
export type IncidentRow = Omit<typeof incidents.$inferSelect, 'viewJson' | 'search'>;
export type IncidentRoleRow = typeof incidentRoles.$inferSelect;

export async function insertIncident(tx: Tx, row: typeof incidents.$inferInsert): Promise<IncidentRow> {
  const [inserted] = await tx.insert(incidents).values(row).returning(rowColumns);
  if (!inserted) throw new Error('insert incident returned nothing');
  return inserted;
}

export async function findIncidentByKey(tx: Tx, key: string, lock = false): Promise<IncidentRow | undefined> {
  const q = tx.select(rowColumns).from(incidents).where(eq(incidents.key, key.toUpperCase()));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findIncidentById(tx: Tx, id: string): Promise<IncidentRow | undefined> {
  const [row] = await tx.select(rowColumns).from(incidents).where(eq(incidents.id, id));
  return row;
}

export async function updateIncidentRow(
  tx: Tx,
  id: string,
  set: Partial<typeof incidents.$inferInsert>,
): Promise<IncidentRow> {
  const [row] = await tx.update(incidents).set(set).where(eq(incidents.id, id)).returning(rowColumns);
  if (!row) throw new Error('update incident returned nothing');
  return row;
}

export const listRoleRows = (tx: Tx, incidentIds: readonly string[]) =>
  incidentIds.length === 0
    ? Promise.resolve([])
    : tx
        .select()
        .from(incidentRoles)
        .where(inUuids(incidentRoles.incidentId, incidentIds))
        .orderBy(asc(incidentRoles.assignedAt));

export async function insertRole(tx: Tx, row: typeof incidentRoles.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(incidentRoles).values(row).onConflictDoNothing().returning();
  return inserted.length > 0;
}

export async function deleteRole(tx: Tx, incidentId: string, role: string, userId: string): Promise<boolean> {
  const deleted = await tx
    .delete(incidentRoles)
    .where(
      and(
        eq(incidentRoles.incidentId, incidentId),
        eq(incidentRoles.role, role),
        eq(incidentRoles.userId, userId),
      ),
    )
    .returning();
  return deleted.length > 0;
}

export async function isRoleHolder(tx: Tx, incidentId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .select({ one: sql`1` })
    .from(incidentRoles)
    .where(and(eq(incidentRoles.incidentId, incidentId), eq(incidentRoles.userId, userId)))
    .limit(1);
  return rows.length > 0;
}

export async function findDocument(tx: Tx, incidentId: string, kind: string) {
  const [row] = await tx
    .select()
    .from(incidentDocuments)
    .where(and(eq(incidentDocuments.incidentId, incidentId), eq(incidentDocuments.kind, kind)));
  return row;
}

export async function hasDocuments(
  tx: Tx,
  incidentIds: readonly string[],
  kind: string,
): Promise<Set<string>> {
  if (incidentIds.length === 0) return new Set();
  const rows = await tx
    .select({ id: incidentDocuments.incidentId })
    .from(incidentDocuments)
    .where(and(eq(incidentDocuments.kind, kind), inUuids(incidentDocuments.incidentId, incidentIds)));
  return new Set(rows.map((r) => r.id));
}

export async function upsertDocument(tx: Tx, row: typeof incidentDocuments.$inferInsert) {
  const [saved] = await tx
    .insert(incidentDocuments)
    .values(row)
    .onConflictDoUpdate({
      target: [incidentDocuments.incidentId, incidentDocuments.kind],
      set: {
        body: row.body,
        version: sql`${incidentDocuments.version} + 1`,
        updatedAt: row.updatedAt,
        updatedBy: row.updatedBy,
      },
    })
    .returning();
  if (!saved) throw new Error('upsert document returned nothing');
  return saved;
}
