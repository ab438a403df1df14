import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';

export type EventDetails = {
  where?: string;
  systems?: string[];
  accounts?: string[];
  othersAware?: string;
  howDetected?: string;
};
/** What an alert said beyond title and description (detection tools, intake). */
export type AlertDetails = {
  /** The tool's own severity, normalised: critical | high | medium | low | info | unknown. */
  severity: string;
  labels: Record<string, string>;
  entities: AlertEntities;
  externalId: string | null;
  /** The alert source's kind when it was received (generic, alertmanager, ocsf, syslog). */
  format: string;
};
export type AlertEntities = {
  hosts?: string[];
  accounts?: string[];
  ips?: string[];
  hashes?: string[];
  files?: string[];
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
    /** The routing rule (policy `routing.rules[].id`) that made the disposition, when Cordon made it. */
    dispositionRule: text('disposition_rule'),
    /** The registered alert source an alert came from (null for reports from people). */
    alertSourceId: uuid('alert_source_id'),
    alert: jsonb('alert').$type<AlertDetails>(),
    /** `host:web-01`, `ip:203.0.113.9` …: what correlation with open incidents compares. */
    entityKeys: text('entity_keys').array(),
    /** What the routing rules suggest for triage (policy incident type and severity), and which rule. */
    suggestedType: text('suggested_type'),
    suggestedSeverity: text('suggested_severity'),
    routingRule: text('routing_rule'),
    /** Set when the source says the condition cleared (e.g. Alertmanager `resolved`); a new firing clears it. */
    resolvedAt: ts('resolved_at'),
  },
  (t) => [
    uniqueIndex('events_ref_key').on(t.ref),
    // The triage list: one status, newest (highest reference) first, paged by reference.
    index('events_status_ref_idx').on(t.status, t.ref),
    // Dedup compares fingerprints for equality only, and they are hashes: a hash index is a quarter of a
    // B-tree's size and cheaper for every alert's insert and lookup (migration 0009). Reports from people
    // have none and are left out.
    index('events_fingerprint_idx').using('hash', t.fingerprint).where(sql`${t.fingerprint} is not null`),
    // Correlation reads the events of open incidents; alerts awaiting triage are not in this index.
    index('events_incident_idx').on(t.incidentId).where(sql`${t.incidentId} is not null`),
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

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** Files that came with a report (e-mail attachments), kept as received with their SHA-256. */
export const eventAttachments = pgTable(
  'event_attachments',
  {
    id: uuid('id').primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id),
    reportId: uuid('report_id').references(() => reports.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [
    index('event_attachments_event_idx').on(t.eventId),
    index('event_attachments_sha_idx').on(t.sha256),
  ],
);

/**
 * Message-IDs of mail about an event, received and sent: a reply to Cordon's acknowledgement (or to the
 * original report) names one of them in In-Reply-To/References and lands on the same event. Inbound ids
 * also make IMAP polling idempotent (a message seen twice is stored once).
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    messageId: text('message_id').primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('mail_messages_event_idx').on(t.eventId)],
);
