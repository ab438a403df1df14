import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';
import type { PersonalChannel } from './channels.ts';

/**
 * The directory (DESIGN.md: Directory): people and how to reach them, their supervisor, teams, who holds
 * each named position, and on-call schedules. Escalation resolves the policy's targets against it.
 */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey(),
    /** Stable short name used in imports and the CLI ("maria"); lower-case. */
    handle: text('handle').notNull(),
    name: text('name').notNull(),
    title: text('title'),
    email: text('email'),
    /** E.164 phone number for SMS and voice. */
    phone: text('phone'),
    /** Chat handle: a Slack member id (U…) or a user name for Mattermost/Teams mentions. */
    chatHandle: text('chat_handle'),
    /** The Cordon account of this person, if any (reports, acknowledgements, roles). */
    userId: uuid('user_id'),
    supervisorId: uuid('supervisor_id'),
    timeZone: text('time_zone'),
    /**
     * Channels of the policy this person would rather not be paged by (email, chat, sms, voice): skipped
     * when another channel of the same step reaches them, used anyway when none does. Empty: no preference.
     */
    avoidChannels: text('avoid_channels')
      .array()
      .$type<PersonalChannel[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Not reachable until then (leave, travel); escalation pages the on-call cover instead. */
    unavailableUntil: ts('unavailable_until'),
    unavailableReason: text('unavailable_reason'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('people_handle_key').on(t.handle),
    uniqueIndex('people_user_key').on(t.userId),
    index('people_supervisor_idx').on(t.supervisorId),
  ],
);

export const directoryTeams = pgTable('directory_teams', {
  /** The policy's team key (e.g. devops). */
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  /** The department queue's mailbox, told when work is assigned to the team. */
  email: text('email'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const teamMembers = pgTable(
  'team_members',
  {
    teamKey: text('team_key').notNull(),
    personId: uuid('person_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamKey, t.personId] }), index('team_members_person_idx').on(t.personId)],
);

/** Who holds a named position (CEO, CTO, CISO, Manager of DevOps …): one holder each. */
export const positionHolders = pgTable('position_holders', {
  position: text('position').primaryKey(),
  personId: uuid('person_id').notNull(),
  since: ts('since').notNull(),
});

export const oncallSchedules = pgTable('oncall_schedules', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  rotation: text('rotation', { enum: ['daily', 'weekly'] }).notNull(),
  /** Local hand-off time, HH:MM in the schedule's time zone. */
  handoffTime: text('handoff_time').notNull(),
  /** Weekly rotations hand off on this ISO weekday (1 = Monday). */
  handoffDay: integer('handoff_day').notNull().default(1),
  /** Local date of the first shift (YYYY-MM-DD); participant 0 is on call from its hand-off. */
  startDate: text('start_date').notNull(),
  /** People in rotation order. */
  participants: uuid('participants').array().notNull().default(sql`'{}'::uuid[]`),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const oncallOverrides = pgTable(
  'oncall_overrides',
  {
    id: uuid('id').primaryKey(),
    scheduleKey: text('schedule_key').notNull(),
    personId: uuid('person_id').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    reason: text('reason'),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('oncall_overrides_schedule_idx').on(t.scheduleKey, t.startsAt)],
);

/**
 * A role taken by the on-call engineer while no holder is available (policy roles[].onCallCover), until
 * the end of the shift or until released. The role is added to the user's roles and removed at the end.
 */
export const roleCovers = pgTable(
  'role_covers',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull(),
    scheduleKey: text('schedule_key').notNull(),
    startedAt: ts('started_at').notNull(),
    until: ts('until').notNull(),
    endedAt: ts('ended_at'),
    reason: text('reason'),
  },
  (t) => [index('role_covers_user_idx').on(t.userId, t.role)],
);
