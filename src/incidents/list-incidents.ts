import { and, eq, lt, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Actor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import type { Db } from '../platform/db/client.ts';
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
 * One prepared statement per page returning the stored views (a word search: see `wordSearch`).
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
    search && 'key' in search ? search.key : undefined,
  );
  const filters = where ? dialect.sqlToQuery(where) : { sql: 'true', params: [] };
  // The limit is a validated integer (1–200), written into the text so the plan knows it.
  const rows =
    search && 'word' in search
      ? await wordSearch(deps.db, filters, search.word, query.limit + 1)
      : await queryRows<PageRow>(deps.db, {
          text: `select "incidents"."ord"::text as ord, v.view_json as view
            from "incidents" join incident_views v on v.incident_id = "incidents"."id"
            where ${filters.sql} order by "incidents"."ord" desc limit ${query.limit + 1}`,
          values: filters.params,
          prepare: true,
        });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.view),
    nextCursor: rows.length > query.limit && last ? last.ord : null,
  };
}

type PageRow = { ord: string; view: string };

/** How many of the newest incidents (after the other filters) a word search looks through first. */
const RECENT_WINDOW = 2000;

/**
 * The newest incidents matching the filters whose search vector matches `word`. Which plan is best depends
 * on how common the word is: for a common word, walking incidents newest first and stopping at the page's
 * end; for a rare one, the full-text index. So, first the common case as a prepared statement whose shape
 * fixes its plan — a word search within the RECENT_WINDOW newest incidents — which answers alone when it
 * fills the page (those are then the newest matches of all); otherwise the search over every incident,
 * planned for this very word (not prepared), where PostgreSQL picks the index for a rare word.
 */
async function wordSearch(
  db: Db,
  filters: { sql: string; params: unknown[] },
  word: string,
  limit: number,
): Promise<PageRow[]> {
  const values = [...filters.params, word];
  const match = (column: string) => `${column} @@ websearch_to_tsquery('simple', $${values.length})`;
  const withViews = (pageSql: string) => `select m.ord::text as ord, v.view_json as view
    from (${pageSql}) m join incident_views v on v.incident_id = m.id order by m.ord desc`;
  const recent = await queryRows<PageRow>(db, {
    text: withViews(`select w.id, w.ord from (
        select "incidents"."id", "incidents"."ord", "incidents"."search" from "incidents"
        where ${filters.sql} order by "incidents"."ord" desc limit ${RECENT_WINDOW}
      ) w where ${match('w.search')} order by w.ord desc limit ${limit}`),
    values,
    prepare: true,
  });
  if (recent.length === limit) return recent;
  return queryRows<PageRow>(db, {
    text: withViews(`select "incidents"."id", "incidents"."ord" from "incidents"
      where ${filters.sql} and ${match('"incidents"."search"')} order by "incidents"."ord" desc limit ${limit}`),
    values,
    prepare: false,
  });
}

/**
 * A query that looks like an incident key is a key lookup (an index probe); full-text search over
 * "INC-2026-0001" would match every incident through the shared word "inc" and scan them all.
 */
function searchCondition(q: string): { key: SQL } | { word: string } {
  const trimmed = q.trim();
  if (/^[A-Za-z]{3}-\d{4}-\d+$/.test(trimmed)) return { key: eq(incidents.key, trimmed.toUpperCase()) };
  return { word: q };
}
