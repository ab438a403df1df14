import { and, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import type { Db } from '../platform/db/client.ts';
import type { JsonText } from '../platform/db/json-sql.ts';
import { getActivePolicy } from '../policy/versions.ts';
import type { IncidentView } from './present.ts';
import type { ListIncidentsQuery } from './schemas.ts';
import { incidents } from './tables.ts';
import { type Reach, reachOf, reachSql } from './visibility.ts';
import { type ListRow, newestPage, plainWords, searchByWord, wordSearchSql } from './word-search.ts';

export interface IncidentPage {
  /** Each item is an `IncidentView` as JSON text, as stored (`incident_views`, migration 0005). */
  items: JsonText<IncidentView>[];
  nextCursor: string | null;
}

/**
 * Incidents the actor may see, newest first, filtered and searched, with keyset pagination (stable under
 * concurrent inserts, constant cost per page). Restricted incidents never appear for outsiders.
 * One statement per page returning the stored views, prepared on PostgreSQL; a search for plain words
 * goes through the words' own index (`word-search.ts`), any other search is planned for its words.
 */
export async function listIncidents(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  query: ListIncidentsQuery,
): Promise<IncidentPage> {
  const policy = await getActivePolicy(deps.db);
  const reach = reachOf(actor, policy.document);
  const filters = and(
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
  );
  const rows = await pageRows(deps.db, reach, filters, query);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => r.view),
    nextCursor: rows.length > query.limit && last ? last.ord : null,
  };
}

/**
 * A query that looks like an incident key is a key lookup (an index probe); full-text search over
 * "INC-2026-0001" would match every incident through the shared word "inc" and scan them all.
 */
const isIncidentKey = (q: string) => /^[A-Za-z]{3}-\d{4}-\d+$/.test(q);

/** The page's rows and one more (whether there is a next page), by the cheapest way for the query. */
function pageRows(
  db: Db,
  reach: Reach,
  filters: SQL | undefined,
  query: ListIncidentsQuery,
): Promise<ListRow[]> {
  const take = Number(query.limit) + 1;
  const cursor = query.cursor ? Number(query.cursor) : null;
  const listed = and(reachSql(reach), filters, cursor === null ? undefined : lt(incidents.ord, cursor));
  const q = query.q?.trim();
  if (!q) return newestPage(db, listed, take, true);
  if (isIncidentKey(q)) return newestPage(db, and(listed, eq(incidents.key, q.toUpperCase())), take, true);
  const words = plainWords(q);
  // Quotes, "or", "-word": the general search, planned for its words (a rare word is best found through the
  // GIN index, a common one by reading the newest incidents first).
  if (!words) return newestPage(db, and(listed, wordSearchSql(q)), take, false);
  return searchByWord(db, { words, q, reach, filters, cursor, take }, (below, rest) =>
    newestPage(db, and(listed, lt(incidents.ord, below), wordSearchSql(q)), rest, false),
  );
}
