import { eq, sql } from 'drizzle-orm';
import type { UserRef } from '../access/present.ts';
import { users } from '../access/tables.ts';
import type { Tx } from '../platform/db/client.ts';
import { inUuids } from '../platform/db/in-list.ts';
import { type IncidentRow, incidentRowColumns } from './store.ts';
import { incidentDocuments, incidentRoles, incidents } from './tables.ts';

export type IncidentView = ReturnType<typeof presentIncident>;

/**
 * Drizzle renders a column in a select list without its table name; inside these correlated subqueries
 * that would bind to the inner table's column of the same name (incident_documents.id), so the outer
 * references are spelled out.
 */
const outer = (column: 'id' | 'assignee_id' | 'declared_by') => sql.raw(`"incidents"."${column}"`);

const userJson = (id: unknown) =>
  sql<UserRef | null>`(select json_build_object('id', u.id, 'name', u.name, 'username', u.username)
    from ${users} u where u.id = ${id})`;

/**
 * Everything an incident view needs in one statement: the row, its role holders with names, whether an
 * RCA is on record, and the assignee and declarer. Lists and single reads both use it, so a page of
 * incidents costs one round trip (measured: four round trips per page dominated list latency).
 */
export const incidentViewColumns = {
  incident: incidentRowColumns,
  roles: sql<{ role: string; user: UserRef }[]>`coalesce((
    select json_agg(json_build_object('role', r.role, 'user',
      json_build_object('id', u.id, 'name', u.name, 'username', u.username)) order by r.assigned_at)
    from ${incidentRoles} r join ${users} u on u.id = r.user_id
    where r.incident_id = ${outer('id')}), '[]'::json)`,
  hasRca: sql<boolean>`exists (select 1 from ${incidentDocuments} d
    where d.incident_id = ${outer('id')} and d.kind = 'rca')`,
  assignee: userJson(outer('assignee_id')),
  declaredBy: userJson(outer('declared_by')),
};

export type IncidentViewRow = {
  /** Everything the presenter shows; the list cursor and search vector are not part of a view. */
  incident: Omit<IncidentRow, 'ord'>;
  roles: { role: string; user: UserRef }[];
  hasRca: boolean;
  assignee: UserRef | null;
  declaredBy: UserRef | null;
};

/** Explicit whitelist of what the API shows of an incident. */
export function presentIncident(view: IncidentViewRow) {
  const row = view.incident;
  return {
    key: row.key,
    title: row.title,
    summary: row.summary,
    type: row.type,
    severity: row.severity,
    phase: row.phase,
    isOpen: row.isOpen,
    classification: row.classification,
    location: row.location,
    likelihood: row.likelihood,
    ownerTeam: row.ownerTeam,
    assignee: view.assignee,
    visibility: row.visibility,
    suspectedInternalActor: row.suspectedInternalActor,
    policyVersion: row.policyVersion,
    remediationDueAt: row.remediationDueAt?.toISOString() ?? null,
    phaseTimes: row.phaseTimes,
    roles: view.roles,
    hasRca: view.hasRca,
    declaredAt: row.declaredAt.toISOString(),
    declaredBy: view.declaredBy,
    closedAt: row.closedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Presents incidents already read (e.g. just written): one statement for all of them. */
export async function presentIncidents(tx: Tx, rows: IncidentRow[]): Promise<IncidentView[]> {
  if (rows.length === 0) return [];
  const views = await tx
    .select(incidentViewColumns)
    .from(incidents)
    .where(
      inUuids(
        incidents.id,
        rows.map((r) => r.id),
      ),
    );
  const byId = new Map(views.map((v) => [v.incident.id, v]));
  return rows.flatMap((row) => {
    const view = byId.get(row.id);
    // The caller's row is the freshest (it may have just been written in this transaction).
    return view ? [presentIncident({ ...view, incident: row })] : [];
  });
}

export async function presentOne(tx: Tx, row: IncidentRow): Promise<IncidentView> {
  const [view] = await tx.select(incidentViewColumns).from(incidents).where(eq(incidents.id, row.id));
  if (!view) throw new Error('present returned nothing');
  return presentIncident({ ...view, incident: row });
}
