import { integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';

/**
 * Occurrences of the policy's recurring incident response meeting ("A recurring, daily Incident Response
 * Meeting will occur at regular intervals until the incident is resolved"): the invitation sent for each,
 * its cancellation when the incident is resolved first, and the minutes recorded.
 */
export const meetingOccurrences = pgTable(
  'meeting_occurrences',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id').notNull(),
    meetingId: text('meeting_id').notNull(),
    /** Local date in the meeting's time zone (YYYY-MM-DD). */
    date: text('date').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    /** iCalendar UID: updates and cancellations refer to it. */
    uid: text('uid').notNull(),
    sequence: integer('sequence').notNull().default(0),
    state: text('state', { enum: ['invited', 'cancelled', 'minuted'] }).notNull(),
    invitedAt: ts('invited_at').notNull(),
    cancelledAt: ts('cancelled_at'),
    minutesAt: ts('minutes_at'),
    minutesBy: uuid('minutes_by'),
  },
  (t) => [uniqueIndex('meeting_occurrences_key').on(t.incidentId, t.meetingId, t.date)],
);
