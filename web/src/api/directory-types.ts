/** The directory (src/directory/present.ts, teams.ts, schedules.ts, cover.ts). */
export type Person = {
  handle: string;
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  chatHandle: string | null;
  username: string | null;
  userId: string | null;
  supervisor: string | null;
  teams: string[];
  positions: string[];
  timeZone: string | null;
  unavailableUntil: string | null;
  unavailableReason: string | null;
  updatedAt: string;
};

/** What POST/PATCH /directory/people take; `null` clears a field. */
export type PersonInput = {
  handle?: string;
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  chatHandle: string | null;
  username: string | null;
  supervisor: string | null;
  teams: string[];
  positions: string[];
  timeZone: string | null;
};

export type Team = { key: string; name: string; email: string | null; members: string[] };
export type Position = { key: string; name: string; holder: string | null };

export type ImportSummary = {
  people: { added: number; updated: number };
  teams: number;
  positions: number;
  schedules: number;
};

export type Shift = {
  person: { handle: string; name: string } | null;
  startsAt: string;
  endsAt: string;
  source: 'rotation' | 'override';
  overrideId: string | null;
};

export type Rotation = 'daily' | 'weekly';

export type ScheduleInput = {
  name: string;
  timeZone: string;
  rotation: Rotation;
  handoffTime: string;
  /** ISO weekday for weekly rotations: 1 = Monday … 7 = Sunday. */
  handoffDay: number;
  startDate: string;
  participants: string[];
};

export type Schedule = ScheduleInput & {
  key: string;
  onCall: Shift | null;
  overrides: { id: string; person: string; startsAt: string; endsAt: string; reason: string | null }[];
};

export type OnCallNow = { at: string; items: { schedule: string; name: string; shift: Shift | null }[] };

export type Cover = {
  id: string;
  userId: string;
  role: string;
  schedule: string;
  startedAt: string;
  until: string;
  reason: string | null;
};
