import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';
import type { Policy } from './schema.ts';

/** Every policy ever uploaded, immutable; exactly one is active. Incidents record the version they run under. */
export const policyVersions = pgTable(
  'policy_versions',
  {
    version: integer('version').primaryKey(),
    name: text('name').notNull(),
    title: text('title').notNull(),
    source: text('source').notNull(),
    document: jsonb('document').$type<Policy>().notNull(),
    sha256: text('sha256').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by'),
    active: boolean('active').notNull().default(false),
    activatedAt: ts('activated_at'),
    activatedBy: uuid('activated_by'),
  },
  (t) => [uniqueIndex('policy_versions_one_active').on(t.active).where(sql`${t.active}`)],
);
