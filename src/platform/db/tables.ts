import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Gapless per-year counters for human references (INC-2026-0007, EVT-2026-000042). A row lock on the
 * counter makes numbering gapless: an auditor reading INC-…-0006 then -0008 would rightly ask where 0007 is.
 */
export const counters = pgTable('counters', {
  name: text('name').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});
