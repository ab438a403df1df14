import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';

/**
 * The incident timeline: append-only and hash-chained per incident. Each entry's hash covers its content
 * and the previous entry's hash, so altering or deleting an entry breaks every hash after it.
 */
export const timelineEntries = pgTable(
  'timeline_entries',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('timeline_incident_seq_key').on(t.incidentId, t.seq),
    index('timeline_at_idx').on(t.at),
  ],
);
