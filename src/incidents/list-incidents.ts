import { and, eq, lt, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Actor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import type { JsonText } from '../platform/db/json-sql.ts';
import { queryRows } from '../platform/db/prepared.ts';
import { getActivePolicy } from '../policy/versions.ts';
import type { IncidentView } from './present.ts';
import type { ListIncidentsQuery } from './schemas.ts';
import { incidents } from './tables.ts';
import { visibleIncidentsSql } from './visibility.ts';

export interface IncidentPage {
  /** Each item is an `IncidentView` as JSON text, as stored (`incident_views`, migration 0005). */
  items: JsonText<IncidentView>[];
  nextCursor: string | null;
}

const dialect = new PgDialect();

/**
 * Incidents the actor may see, newest first, filtered and searched, with keyset pagination (stable under
 * concurrent inserts, constant cost per page). Restricted incidents never appear for outsiders.
 * One statement per page returning the stored views, prepared on PostgreSQL unless it is a word search
 * (whose best plan depends on the word).
 */
export async function listIncidents(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  query: ListIncidentsQuery,
): Promise<IncidentPage> {
  const policy = await getActivePolicy(deps.db);
  const search = query.q ? searchCondition(query.q) : undefined;
  const where = and(
    visibleIncidentsSql(actor, policy.document),
    query.severity ? eq(incidents.severity, query.severity) : undefined,
    query.phase ? eq(incidents.phase, query.phase) : undefined,
    query.type ? eq(incidents.type, query.type) : undefined,
    query.visibility ? eq(incidents.visibility, query.visibility) : undefined,
    // A literal, not a parameter, so the plan of a prepared statement can use partial indexes on is_open.
    query.open
      ? query.open === 'true'
        ? sql`${incidents.isOpen}`
        : sql`not ${incidents.isOpen}`
      : undefined,
    query.assignee ? eq(incidents.assigneeId, query.assignee) : undefined,
    query.cursor ? lt(incidents.ord, Number(query.cursor)) : undefined,
    search?.condition,
  );
  const rendered = where ? dialect.sqlToQuery(where) : { sql: 'true', params: [] };
  // The limit is a validated integer (1–200), written into the text so the plan knows it.
  const rows = await queryRows<{ ord: string; view: string }>(deps.db, {
    text: `select "incidents"."ord"::text as ord, v.view_json as view
      from "incidents" join incident_views v on v.incident_id = "incidents"."id"
      where ${rendered.sql} order by "incidents"."ord" desc limit ${Number(query.limit) + 1}`,
    values: rendered.params,
    prepare: !search?.isWordSearch,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.view),
    nextCursor: rows.length > query.limit && last ? last.ord : null,
  };
}

/**
 * A query that looks like an incident key is a key lookup (an index probe); full-text search over
 * "INC-2026-0001" would match every incident through the shared word "inc" and scan them all.
 */
function searchCondition(q: string): { condition: SQL; isWordSearch: boolean } {
  if (/^[A-Za-z]{3}-\d{4}-\d+$/.test(q.trim()))
    return { condition: eq(incidents.key, q.trim().toUpperCase()), isWordSearch: false };
  return {
    condition: sql`${incidents.search} @@ websearch_to_tsquery('simple', ${q})`,
    isWordSearch: true,
  };
}
