import { pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';

/**
 * A registered detection tool (Alertmanager, fail2ban, a SIEM …). Each source has its own token, stored as
 * SHA-256 only, so one leaked or retired tool is revoked without touching the others.
 */
export const alertSources = pgTable(
  'alert_sources',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['generic', 'alertmanager', 'ocsf', 'syslog'] }).notNull(),
    description: text('description'),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('alert_sources_name_key').on(t.name),
    uniqueIndex('alert_sources_token_key').on(t.tokenHash),
  ],
);
