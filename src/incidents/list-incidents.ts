import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { type IncidentView, incidentViewColumns, presentIncident } from './present.ts';
import type { ListIncidentsQuery } from './schemas.ts';
import { incidents } from './tables.ts';
import { visibleIncidentsSql } from './visibility.ts';

export interface IncidentPage {
  items: IncidentView[];
  nextCursor: string | null;
}

/**
 * Incidents the actor may see, newest first, filtered and searched, with keyset pagination (stable under
 * concurrent inserts, constant cost per page). Restricted incidents never appear for outsiders.
 */
export async function listIncidents(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  query: ListIncidentsQuery,
): Promise<IncidentPage> {
  const policy = await getActivePolicy(deps.db);
  const conditions: (SQL | undefined)[] = [
    visibleIncidentsSql(actor, policy.document),
    query.severity ? eq(incidents.severity, query.severity) : undefined,
    query.phase ? eq(incidents.phase, query.phase) : undefined,
    query.type ? eq(incidents.type, query.type) : undefined,
    query.visibility ? eq(incidents.visibility, query.visibility) : undefined,
    query.open ? eq(incidents.isOpen, query.open === 'true') : undefined,
    query.assignee ? eq(incidents.assigneeId, query.assignee) : undefined,
    query.cursor ? lt(incidents.ord, Number(query.cursor)) : undefined,
    query.q ? searchCondition(query.q) : undefined,
  ];
  const rows = await deps.db
    .select(incidentViewColumns)
    .from(incidents)
    .where(and(...conditions))
    .orderBy(desc(incidents.ord))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentIncident),
    nextCursor: rows.length > query.limit && last ? String(last.incident.ord) : null,
  };
}

/**
 * A query that looks like an incident key is a key lookup (an index probe); full-text search over
 * "INC-2026-0001" would match every incident through the shared word "inc" and scan them all.
 */
function searchCondition(q: string): SQL {
  if (/^[A-Za-z]{3}-\d{4}-\d+$/.test(q.trim())) return eq(incidents.key, q.trim().toUpperCase());
  return sql`${incidents.search} @@ websearch_to_tsquery('simple', ${q})`;
}
