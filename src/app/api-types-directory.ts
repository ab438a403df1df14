/**
 * Response shapes of the directory and on-call (src/directory/present.ts, teams.ts, schedules.ts, cover.ts,
 * import-directory.ts), docs/api.md. The server's presenters are annotated with these types and the web app
 * (web/src/api/directory-types.ts) re-exports them, so the two cannot drift apart. Types only, no imports:
 * the web app's type check and build reach this file from outside web/.
 */

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
  /** Channels this person would rather not be paged by (email, chat, sms, voice); [] = no preference. */
  avoidChannels: ('email' | 'chat' | 'sms' | 'voice')[];
  unavailableUntil: string | null;
  unavailableReason: string | null;
  updatedAt: string;
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

export type Schedule = {
  key: string;
  name: string;
  timeZone: string;
  rotation: Rotation;
  handoffTime: string;
  /** ISO weekday for weekly rotations: 1 = Monday … 7 = Sunday. */
  handoffDay: number;
  startDate: string;
  /** Handles, in rotation order. */
  participants: string[];
  onCall: Shift | null;
  overrides: { id: string; person: string; startsAt: string; endsAt: string; reason: string | null }[];
};

/** GET /oncall: who is on call now, or at the time asked. */
export type OnCallNow = { at: string; items: { schedule: string; name: string; shift: Shift | null }[] };

/** An engineer on call covering a role nobody available holds. */
export type Cover = {
  id: string;
  userId: string;
  role: string;
  schedule: string;
  startedAt: string;
  until: string;
  reason: string | null;
};
