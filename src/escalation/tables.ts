import { bigint, boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AckVia } from '../app/api-types-escalation.ts';
import { ts } from '../platform/db/columns.ts';

/**
 * How far the escalation dispatcher has read the audit log. Escalation is triggered from the audit log
 * (every report, declaration and severity change is an ordered audit entry), so no use case has to know
 * about escalation, and a crash between a change and its escalation loses nothing: the dispatcher reads
 * on from here.
 */
export const escalationCursor = pgTable('escalation_cursor', {
  name: text('name').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
});

/** One policy escalation rule running for one trigger (an audit entry). */
export const escalationRuns = pgTable(
  'escalation_runs',
  {
    id: uuid('id').primaryKey(),
    /** esc:<audit seq>:<rule id> — the same trigger never starts the same rule twice. */
    key: text('key').notNull(),
    ruleId: text('rule_id').notNull(),
    ruleName: text('rule_name').notNull(),
    trigger: text('trigger').notNull(),
    auditSeq: bigint('audit_seq', { mode: 'number' }).notNull(),
    policyVersion: integer('policy_version').notNull(),
    eventId: uuid('event_id'),
    incidentId: uuid('incident_id'),
    state: text('state', { enum: ['active', 'completed', 'stopped'] }).notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [
    uniqueIndex('escalation_runs_key_key').on(t.key),
    index('escalation_runs_incident_idx').on(t.incidentId),
    index('escalation_runs_event_idx').on(t.eventId),
  ],
);

/**
 * A step of a run: paged, re-paged (repeat), escalated to its fallback, acknowledged. The chain of a step
 * stops when it is acknowledged ("does not page the CEO once the CTO has acknowledged").
 */
export const escalationSteps = pgTable(
  'escalation_steps',
  {
    id: uuid('id').primaryKey(),
    runId: uuid('run_id').notNull(),
    stepId: text('step_id').notNull(),
    idx: integer('idx').notNull(),
    /**
     * scheduled (waits for `after`) → paging (waits for an acknowledgement) → acknowledged | escalated
     * (fallback paged) | unanswered; notified when the step asks for no acknowledgement; stopped.
     */
    state: text('state', {
      enum: ['scheduled', 'paging', 'notified', 'acknowledged', 'escalated', 'unanswered', 'stopped'],
    }).notNull(),
    /** 0 for the first page, 1… for repeats. */
    round: integer('round').notNull().default(0),
    dueAt: ts('due_at').notNull(),
    timeoutAt: ts('timeout_at'),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [uniqueIndex('escalation_steps_run_step_key').on(t.runId, t.stepId)],
);

/** A page: one person (or team queue) asked to acknowledge, through the step's channels. */
export const pages = pgTable(
  'pages',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    ord: integer('ord').generatedAlwaysAsIdentity(),
    runId: uuid('run_id').notNull(),
    stepRowId: uuid('step_row_id').notNull(),
    round: integer('round').notNull(),
    fallback: boolean('fallback').notNull().default(false),
    incidentId: uuid('incident_id'),
    eventId: uuid('event_id'),
    recipientKey: text('recipient_key').notNull(),
    recipientKind: text('recipient_kind', { enum: ['person', 'user', 'team'] }).notNull(),
    personId: uuid('person_id'),
    userId: uuid('user_id'),
    teamKey: text('team_key'),
    recipientName: text('recipient_name').notNull(),
    via: text('via').array().notNull(),
    channels: text('channels').array().notNull(),
    state: text('state', { enum: ['open', 'acknowledged'] }).notNull(),
    createdAt: ts('created_at').notNull(),
    ackAt: ts('ack_at'),
    ackBy: uuid('ack_by'),
    ackByName: text('ack_by_name'),
    ackVia: text('ack_via').$type<AckVia>(),
    ackNote: text('ack_note'),
  },
  (t) => [
    uniqueIndex('pages_key_key').on(t.key),
    index('pages_step_idx').on(t.stepRowId),
    index('pages_incident_idx').on(t.incidentId, t.ord),
    index('pages_user_idx').on(t.userId, t.state),
    index('pages_state_idx').on(t.state, t.ord),
  ],
);
