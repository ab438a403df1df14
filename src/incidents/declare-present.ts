import type { DeclaredRow } from './declare-write.ts';
import { type IncidentView, presentIncident } from './present.ts';

/**
 * The response for an incident this request just declared, from what was written: nothing to read back.
 * A new incident has no role holders and no RCA yet; its declarer and assignee were resolved while the
 * declaration was checked. It goes through the same whitelist as every other incident view.
 */
export function presentDeclared(
  row: DeclaredRow,
  people: { declarer: IncidentView['declaredBy']; assignee: IncidentView['assignee'] },
): IncidentView {
  return presentIncident({
    incident: row,
    roles: [],
    hasRca: false,
    assignee: people.assignee,
    declaredBy: people.declarer,
  });
}
