import { type Column, type SQL, sql } from 'drizzle-orm';

/** `column in (…uuids)`; callers guarantee a non-empty list. */
export const inUuids = (column: Column, ids: readonly string[]): SQL =>
  sql`${column} in (${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
