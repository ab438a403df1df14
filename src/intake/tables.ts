import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';

export type EventDetails = {
  where?: string;
  systems?: string[];
  accounts?: string[];
  othersAware?: string;
  howDetected?: string;
};
export type Reporter = {
  name: string | null;
  email: string | null;
  phone: string | null;
  userId: string | null;
};

/** A security event under triage (DESIGN.md: Event). Every event ends with a recorded disposition. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey(),
    ref: text('ref').notNull(),
    status: text('status', { enum: ['awaiting_triage', 'dismissed', 'merged', 'promoted'] }).notNull(),
    source: text('source').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    observedAt: ts('observed_at'),
    details: jsonb('details').$type<EventDetails>().notNull(),
    reporter: jsonb('reporter').$type<Reporter>().notNull(),
    filedBy: uuid('filed_by'),
    onBehalfOfCustomer: boolean('on_behalf_of_customer').notNull().default(false),
    suspectedBreach: boolean('suspected_breach').notNull().default(false),
    routedToTeam: text('routed_to_team'),
    /** Alerts with the same fingerprint count up here instead of adding rows (intake dedup). */
    fingerprint: text('fingerprint'),
    count: integer('count').notNull().default(1),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    createdAt: ts('created_at').notNull(),
    dispositionAction: text('disposition_action', { enum: ['dismiss', 'merge', 'promote'] }),
    dispositionReason: text('disposition_reason'),
    dispositionNote: text('disposition_note'),
    disposedBy: uuid('disposed_by'),
    disposedAt: ts('disposed_at'),
    incidentId: uuid('incident_id'),
  },
  (t) => [
    uniqueIndex('events_ref_key').on(t.ref),
    index('events_status_idx').on(t.status, t.createdAt),
    index('events_created_idx').on(t.createdAt),
    index('events_fingerprint_idx').on(t.fingerprint),
  ],
);

/** A report as received: who told us what, through which channel (DESIGN.md: Report). */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id),
    channel: text('channel').notNull(),
    reporter: jsonb('reporter').$type<Reporter>().notNull(),
    filedBy: uuid('filed_by'),
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [index('reports_event_idx').on(t.eventId)],
);
