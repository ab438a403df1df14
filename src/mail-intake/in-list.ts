import { type Column, type SQL, sql } from 'drizzle-orm';

/** `column in (…texts)`; callers guarantee a non-empty list. */
export const inList = (column: Column, values: readonly string[]): SQL =>
  sql`${column} in (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
