import type { DeclaredRow } from './declare-write.ts';
import type { IncidentView } from './present.ts';

/**
 * The response for an incident this request just declared, from what was written: nothing to read back.
 * A new incident has no role holders and no RCA yet; its declarer and assignee were resolved while the
 * declaration was checked. Typed as `IncidentView`, so it cannot drift from `present.ts`'s whitelist.
 */
export function presentDeclared(
  row: DeclaredRow,
  people: { declarer: IncidentView['declaredBy']; assignee: IncidentView['assignee'] },
): IncidentView {
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
    assignee: people.assignee,
    visibility: row.visibility,
    suspectedInternalActor: row.suspectedInternalActor,
    policyVersion: row.policyVersion,
    remediationDueAt: row.remediationDueAt?.toISOString() ?? null,
    phaseTimes: row.phaseTimes,
    roles: [],
    hasRca: false,
    declaredAt: row.declaredAt.toISOString(),
    declaredBy: people.declarer,
    closedAt: row.closedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
