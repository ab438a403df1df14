import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { inUuids } from '../platform/db/in-list.ts';
import { queryRows } from '../platform/db/prepared.ts';
import { incidentDocuments, incidentRoles, incidents } from './tables.ts';

/** An incident as the use cases see it: every column but the search vector, which no use case reads. */
const { search: _search, ...rowColumns } = getTableColumns(incidents);
export const incidentRowColumns = rowColumns;
export type IncidentRow = Omit<typeof incidents.$inferSelect, 'search'>;
export type IncidentRoleRow = typeof incidentRoles.$inferSelect;

export async function insertIncident(tx: Tx, row: typeof incidents.$inferInsert): Promise<IncidentRow> {
  const [inserted] = await tx.insert(incidents).values(row).returning(rowColumns);
  if (!inserted) throw new Error('insert incident returned nothing');
  return inserted;
}

/** The columns of an `IncidentRow`, for hand-written statements. */
const rowSql = `id, ord::float8 as ord, key, title, summary, type, severity, phase, is_open, classification,
  location, likelihood, owner_team, assignee_id, visibility, suspected_internal_actor, policy_version,
  remediation_due_at, phase_times, declared_at, declared_by, closed_at, updated_at`;
type RawIncident = {
  id: string;
  ord: number;
  key: string;
  title: string;
  summary: string;
  type: string;
  severity: string;
  phase: string;
  is_open: boolean;
  classification: string | null;
  location: string | null;
  likelihood: string | null;
  owner_team: string | null;
  assignee_id: string | null;
  visibility: 'normal' | 'restricted';
  suspected_internal_actor: boolean;
  policy_version: number;
  remediation_due_at: Date | null;
  phase_times: Record<string, string>;
  declared_at: Date;
  declared_by: string | null;
  closed_at: Date | null;
  updated_at: Date;
};
const toRow = (r: RawIncident): IncidentRow => ({
  id: r.id,
  ord: r.ord,
  key: r.key,
  title: r.title,
  summary: r.summary,
  type: r.type,
  severity: r.severity,
  phase: r.phase,
  isOpen: r.is_open,
  classification: r.classification,
  location: r.location,
  likelihood: r.likelihood,
  ownerTeam: r.owner_team,
  assigneeId: r.assignee_id,
  visibility: r.visibility,
  suspectedInternalActor: r.suspected_internal_actor,
  policyVersion: r.policy_version,
  remediationDueAt: r.remediation_due_at,
  phaseTimes: r.phase_times,
  declaredAt: r.declared_at,
  declaredBy: r.declared_by,
  closedAt: r.closed_at,
  updatedAt: r.updated_at,
});

/**
 * An incident by key, optionally locked. Nearly every incident request starts here, so it is a prepared
 * statement (no query building or planning per call).
 */
export async function findIncidentByKey(tx: Tx, key: string, lock = false): Promise<IncidentRow | undefined> {
  const [row] = await queryRows<RawIncident>(tx, {
    text: `select ${rowSql} from incidents where key = $1${lock ? ' for update' : ''}`,
    values: [key.toUpperCase()],
    prepare: true,
  });
  return row && toRow(row);
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
