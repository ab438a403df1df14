import { customType, timestamp } from 'drizzle-orm/pg-core';

/** timestamptz read and written as Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A generated full-text search column (PostgreSQL tsvector; works on PGlite too). */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
