import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';

/**
 * The audit log: every mutation and every read of a restricted incident, hash-chained in one global
 * sequence. `chain_heads` holds the head so appends serialise on one row lock for a moment at commit.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    incidentId: uuid('incident_id'),
    requestId: text('request_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_action_idx').on(t.action, t.seq),
    // Only entries about an incident: most entries (every alert's event.reported) have none, and an index
    // entry per alert was paid on the intake's hot path for a question ("this incident's entries") never
    // asked of them.
    index('audit_incident_idx').on(t.incidentId, t.seq).where(sql`${t.incidentId} is not null`),
  ],
);

export const chainHeads = pgTable('chain_heads', {
  chain: text('chain').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
