import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';

/**
 * Each incident's remediation SLA clock ("Incidents will be closed within the following SLAs, when
 * feasible"): from declaration to the severity's remediation window; at risk at the policy's thresholds,
 * breached at the due time, met when closed in time.
 */
export const slaClocks = pgTable('sla_clocks', {
  incidentId: uuid('incident_id').primaryKey(),
  severity: text('severity').notNull(),
  startedAt: ts('started_at').notNull(),
  dueAt: ts('due_at').notNull(),
  state: text('state', { enum: ['on_track', 'at_risk', 'breached', 'met'] }).notNull(),
  /** The highest threshold (per cent) already announced for this due time. */
  lastPercent: integer('last_percent').notNull().default(0),
  breachedAt: ts('breached_at'),
  closedAt: ts('closed_at'),
  updatedAt: ts('updated_at').notNull(),
});
