import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts, tsvector } from '../platform/db/columns.ts';

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey(),
    /** Insertion order: the stable sort and pagination cursor for lists. */
    ord: bigint('ord', { mode: 'number' }).generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    type: text('type').notNull(),
    severity: text('severity').notNull(),
    phase: text('phase').notNull(),
    isOpen: boolean('is_open').notNull().default(true),
    classification: text('classification'),
    location: text('location'),
    likelihood: text('likelihood'),
    ownerTeam: text('owner_team'),
    assigneeId: uuid('assignee_id'),
    visibility: text('visibility', { enum: ['normal', 'restricted'] }).notNull(),
    suspectedInternalActor: boolean('suspected_internal_actor').notNull().default(false),
    policyVersion: integer('policy_version').notNull(),
    remediationDueAt: ts('remediation_due_at'),
    /** First time each phase was reached: phase key → ISO time. */
    phaseTimes: jsonb('phase_times').$type<Record<string, string>>().notNull(),
    declaredAt: ts('declared_at').notNull(),
    declaredBy: uuid('declared_by'),
    closedAt: ts('closed_at'),
    updatedAt: ts('updated_at').notNull(),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(key, '') || ' ' || coalesce(title, '') || ' ' || coalesce(summary, ''))`,
    ),
  },
  (t) => [
    uniqueIndex('incidents_key_key').on(t.key),
    uniqueIndex('incidents_ord_key').on(t.ord),
    index('incidents_severity_idx').on(t.severity, t.ord),
    index('incidents_phase_idx').on(t.phase, t.ord),
    index('incidents_type_idx').on(t.type, t.ord),
    index('incidents_open_idx').on(t.isOpen, t.ord),
    index('incidents_search_idx').using('gin', t.search),
    // The dashboard's question, "open incidents of this severity, newest first": a plain backward scan.
    index('incidents_open_severity_idx').on(t.severity, t.ord).where(sql`${t.isOpen}`),
  ],
);

/**
 * Each incident as the API shows it (`presentIncident`'s shape), as JSON text, kept current by database
 * triggers on incidents, role holders, documents and user names (migration 0005); the application never
 * writes it. Lists return these as stored instead of building fifty views per request (measured: ten
 * times less database time per page). A table of its own keeps the ~1.2 KB of JSON out of `incidents`,
 * whose rows every filter and search scans.
 */
export const incidentViews = pgTable('incident_views', {
  incidentId: uuid('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  viewJson: text('view_json').notNull(),
});

/**
 * Word search's own index: one row per word (lexeme of the incident's `search` vector) and incident, with
 * what need-to-know asks of every row, kept current by database triggers on incidents (migration 0007);
 * the application never writes it. Its primary key, which also holds the incident's id and whether it is
 * restricted (INCLUDE, written in the migration), answers "the newest incidents with this word that this
 * person may see" as a backward index-only scan that stops after a page, whatever the word's frequency
 * (`word-search.ts`). The GIN index on `search` answers "which incidents have this word" but not in order:
 * for a word in 7 % of 100,000 incidents, newest first through it meant reading ~700 incidents a page.
 */
export const incidentTerms = pgTable(
  'incident_terms',
  {
    term: text('term').notNull(),
    ord: bigint('ord', { mode: 'number' }).notNull(),
    incidentId: uuid('incident_id').notNull(),
    restricted: boolean('restricted').notNull(),
  },
  (t) => [primaryKey({ columns: [t.term, t.ord] })],
);

/** Who holds which response role on an incident; holders are its participants (need-to-know). */
export const incidentRoles = pgTable(
  'incident_roles',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull(),
    assignedAt: ts('assigned_at').notNull(),
    assignedBy: uuid('assigned_by'),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.role, t.userId] }),
    // Need-to-know lists ask "incidents where this user holds a role": (user, incident) answers it from the
    // index alone (measured 8–9 ms → 1.2–1.8 ms per list query for an engineer, 100k incidents).
    index('incident_roles_user_incident_idx').on(t.userId, t.incidentId),
  ],
);

/** Documents on an incident; the root cause analysis is kind 'rca' (the review workflow builds on it). */
export const incidentDocuments = pgTable(
  'incident_documents',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    version: integer('version').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [uniqueIndex('incident_documents_kind_key').on(t.incidentId, t.kind)],
);
