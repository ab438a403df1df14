import { type UserRef, userRef } from '../access/present.ts';
import { usersByIds } from '../access/store.ts';
import type { Tx } from '../platform/db/client.ts';
import { hasDocuments, type IncidentRoleRow, type IncidentRow, listRoleRows } from './store.ts';

export type IncidentView = ReturnType<typeof presentIncident>;

function presentIncident(
  row: IncidentRow,
  roles: IncidentRoleRow[],
  users: Map<string, { id: string; name: string; username: string }>,
  hasRca: boolean,
) {
  const ref = (id: string | null): UserRef | null => {
    const u = id ? users.get(id) : undefined;
    return u ? userRef(u) : null;
  };
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
    assignee: ref(row.assigneeId),
    visibility: row.visibility,
    suspectedInternalActor: row.suspectedInternalActor,
    policyVersion: row.policyVersion,
    remediationDueAt: row.remediationDueAt?.toISOString() ?? null,
    phaseTimes: row.phaseTimes,
    roles: roles.flatMap((r) => {
      const user = ref(r.userId);
      return user ? [{ role: r.role, user }] : [];
    }),
    hasRca,
    declaredAt: row.declaredAt.toISOString(),
    declaredBy: ref(row.declaredBy),
    closedAt: row.closedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Presents incidents with their role holders and RCA flag, in three queries whatever the page size. */
export async function presentIncidents(tx: Tx, rows: IncidentRow[]): Promise<IncidentView[]> {
  const ids = rows.map((r) => r.id);
  const [roles, rca] = await Promise.all([listRoleRows(tx, ids), hasDocuments(tx, ids, 'rca')]);
  const userIds = [
    ...rows.flatMap((r) => [r.assigneeId, r.declaredBy].filter((x): x is string => x !== null)),
    ...roles.map((r) => r.userId),
  ];
  const users = await usersByIds(tx, userIds);
  return rows.map((row) =>
    presentIncident(
      row,
      roles.filter((r) => r.incidentId === row.id),
      users,
      rca.has(row.id),
    ),
  );
}

export async function presentOne(tx: Tx, row: IncidentRow): Promise<IncidentView> {
  const [view] = await presentIncidents(tx, [row]);
  if (!view) throw new Error('present returned nothing');
  return view;
}
