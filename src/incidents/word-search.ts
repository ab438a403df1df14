import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../platform/db/client.ts';
import { queryRows } from '../platform/db/prepared.ts';
import { incidents } from './tables.ts';
import { type Reach, reachSql } from './visibility.ts';

const dialect = new PgDialect();

/** A page's rows: the incident's list position (the cursor) and its stored view. */
export interface ListRow {
  ord: string;
  view: string;
}

/**
 * How many of a word's newest incidents one page may look at before the search goes on the general way
 * (a page of 50 under filters that admit one incident in 40).
 */
export const TERM_WINDOW = 2000;

/**
 * The words of a query that can go through `incident_terms`, or null. Plain words (letters and digits,
 * separated by spaces, none of them the operator "or") are each one token of the search parser, so each
 * is one lexeme and `websearch_to_tsquery` requires them all: every match holds each word's lexeme.
 * Quotes, `-word`, `or` and punctuation keep the general search.
 */
export function plainWords(q: string): string[] | null {
  const words = q.trim().split(/\s+/);
  return words.every((w) => /^[\p{L}\p{N}]+$/u.test(w) && w.toLowerCase() !== 'or') ? words : null;
}

/** The word the index is read by: the longest, likely the rarest. */
export const drivingWord = (words: string[]) => words.reduce((a, b) => (b.length > a.length ? b : a));

/** The word's lexeme as the incidents' search vectors hold it (same parser and configuration). */
const lexemeSql = (word: string) =>
  sql`(select min(t) from unnest(tsvector_to_array(to_tsvector('simple', ${word}))) as t)`;

export const wordSearchSql = (q: string) => sql`${incidents.search} @@ websearch_to_tsquery('simple', ${q})`;

export interface WordSearch {
  words: string[];
  q: string;
  reach: Reach;
  /** Conditions on `incidents` other than need-to-know and the cursor (severity, phase …). */
  filters: SQL | undefined;
  cursor: number | null;
  take: number;
  /** Tests look at fewer, to reach the general search with a handful of incidents. */
  window?: number;
}

/**
 * Newest incidents first that match `q`, read through the newest incidents holding its longest word
 * (`incident_terms`' primary key, backwards): a page costs about a page of index entries and lookups,
 * whether the word is in one incident or in every tenth. The plan does not depend on the word, so the
 * statement is prepared. If the page is not full after `window` of the word's incidents, the rest of the
 * page comes from `general`, below the last incident looked at.
 */
export async function searchByWord(
  db: Db,
  s: WordSearch,
  general: (below: number, take: number) => Promise<ListRow[]>,
): Promise<ListRow[]> {
  const window = s.window ?? TERM_WINDOW;
  const word = drivingWord(s.words);
  const below = s.cursor === null ? sql`` : sql` and ord < ${s.cursor}`;
  const newest = sql`(select ord, incident_id, restricted from incident_terms where term = ${lexemeSql(word)}${below}
      order by ord desc limit ${sql.raw(String(window))}) as w`;
  const rows = await run(db, s.words.length === 1 && !s.filters ? oneWord(s, newest) : anyWords(s, newest));
  if (rows.length >= s.take) return rows;
  const edge = dialect.sqlToQuery(sql`select ord::text as ord from incident_terms
    where term = ${lexemeSql(word)}${below}
    order by ord desc offset ${sql.raw(String(window - 1))} limit 1`);
  const [last] = await queryRows<{ ord: string }>(db, { text: edge.sql, values: edge.params, prepare: true });
  if (!last) return rows;
  return [...rows, ...(await general(Number(last.ord), s.take - rows.length))];
}

const run = (db: Db, query: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return queryRows<ListRow>(db, { text, values: params, prepare: true });
};

/**
 * One word and no filters (the common search): the word's index entries are the matches, and carry what
 * need-to-know asks (restricted or not); the incident itself is read only for a restricted one, to ask
 * whether the reader takes part in it. A page is an index-only scan joined to the stored views.
 */
function oneWord(s: WordSearch, newest: SQL): SQL {
  const takesPart = (participant: SQL) =>
    sql`exists (select 1 from ${incidents} where ${incidents.id} = w.incident_id and ${participant})`;
  const r = s.reach;
  const visible = r.all
    ? sql`true`
    : r.reads === 'normal'
      ? sql`(not w.restricted or ${takesPart(r.participant)})`
      : r.reads === 'restricted'
        ? sql`(w.restricted or ${takesPart(r.participant)})`
        : takesPart(r.participant);
  return sql`select w.ord::text as ord, v.view_json as view from ${newest}
    join incident_views v on v.incident_id = w.incident_id
    where ${visible}
    order by w.ord desc limit ${sql.raw(String(s.take))}`;
}

/**
 * Several words, or filters: each of the word's incidents is looked up by its position and tested against
 * the whole query and every condition. OFFSET 0 keeps the lookup inside the loop: as a plain join, the
 * generic plan read every match through the GIN index and sorted them (10 ms a page). The query is parsed
 * once (a scalar subquery), not once per incident looked at.
 */
function anyWords(s: WordSearch, newest: SQL): SQL {
  const conditions = [reachSql(s.reach), s.filters].filter((c): c is SQL => c !== undefined);
  const where = conditions.length ? sql` and ${sql.join(conditions, sql` and `)}` : sql``;
  return sql`select w.ord::text as ord, v.view_json as view from ${newest}
    cross join lateral (select ${incidents.id} from ${incidents}
      where ${incidents.ord} = w.ord and ${incidents.search} @@ (select websearch_to_tsquery('simple', ${s.q}))${where}
      offset 0) as i
    join incident_views v on v.incident_id = i.id
    order by w.ord desc limit ${sql.raw(String(s.take))}`;
}

/** Newest first, `take` rows: one statement joining the filtered incidents to their stored views. */
export function newestPage(
  db: Db,
  where: SQL | undefined,
  take: number,
  prepare: boolean,
): Promise<ListRow[]> {
  const rendered = where ? dialect.sqlToQuery(where) : { sql: 'true', params: [] };
  // The limit is a validated integer, written into the text so the plan knows it.
  return queryRows<ListRow>(db, {
    text: `select "incidents"."ord"::text as ord, v.view_json as view
      from "incidents" join incident_views v on v.incident_id = "incidents"."id"
      where ${rendered.sql} order by "incidents"."ord" desc limit ${take}`,
    values: rendered.params,
    prepare,
  });
}
