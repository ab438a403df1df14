import type { Person, Schedule } from '../../../src/app/api-types-directory.ts';

// The directory's response shapes are written once, beside the server, and shared with it.
export type {
  Cover,
  ImportSummary,
  OnCallNow,
  Person,
  Position,
  Rotation,
  Schedule,
  Shift,
  Team,
} from '../../../src/app/api-types-directory.ts';

/** What POST/PATCH /directory/people take; `null` clears a field. */
export type PersonInput = { handle?: string } & Pick<
  Person,
  | 'name'
  | 'title'
  | 'email'
  | 'phone'
  | 'chatHandle'
  | 'username'
  | 'supervisor'
  | 'teams'
  | 'positions'
  | 'timeZone'
  | 'avoidChannels'
>;

/** What PUT /oncall/schedules/:schedule takes: the schedule without what the server works out. */
export type ScheduleInput = Omit<Schedule, 'key' | 'onCall' | 'overrides'>;
