/**
 * SQL fragments for answers PostgreSQL writes as JSON text (see `queryRows`): the same formats the API's
 * TypeScript presenters produce, so a client cannot tell which built an answer.
 */

/** A timestamptz as `Date.prototype.toISOString` writes it (UTC, milliseconds, `Z`); null stays null. */
export const isoUtcSql = (column: string): string =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A `users` row under `alias` as the API's user reference `{id, name, username}`, or null (outer join). */
export const userRefSql = (alias: string): string =>
  `case when ${alias}.id is null then null else json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'username', ${alias}.username) end`;

/** JSON text of a value of type T, passed through to the HTTP answer without parsing it again. */
export type JsonText<T> = string & { readonly __json?: T };

/** A page of JSON-text items as the API's `{"items": [...], "nextCursor": ...}`. */
export const pageJson = (page: { items: JsonText<unknown>[]; nextCursor: string | null }): string =>
  `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
