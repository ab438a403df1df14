/**
 * Response shapes of the remediation SLA (src/sla/read-sla.ts) and the incident response meetings
 * (src/meetings/minutes.ts), docs/api.md. The server's presenters are annotated with these types and the web
 * app (web/src/api/operations-types.ts) re-exports them, so the two cannot drift apart. Types only, no
 * imports: the web app's type check and build reach this file from outside web/.
 */

/** on track → at risk (first threshold passed) → breached (due passed); met when closed by the due time. */
export type SlaState = 'on_track' | 'at_risk' | 'breached' | 'met';

/** Remediation SLA: the clock as the server reads it now. */
export type Sla = {
  incidentKey: string;
  severity: string;
  state: SlaState;
  startedAt: string;
  dueAt: string;
  percentUsed: number;
  remainingMs: number;
  thresholds: { percent: number; at: string; passed: boolean }[];
  breachedAt: string | null;
  closedAt: string | null;
};

/** An incident without a remediation SLA (its severity has none). */
export type NoSla = { incidentKey: string; state: 'none' };

/** One occurrence of a meeting for an incident. */
export type MeetingOccurrence = {
  id: string;
  meeting: string;
  date: string;
  startsAt: string;
  endsAt: string;
  state: 'invited' | 'cancelled' | 'minuted';
  invitedAt: string;
  cancelledAt: string | null;
  minutesAt: string | null;
};

/** One meeting of the incident's policy, with its cadence and agenda as the policy words them. */
export type MeetingSchedule = {
  meeting: string;
  name: string;
  cadence: 'daily' | 'weekly';
  time: string;
  timeZone: string;
  duration: string;
  severities: string[];
  until: 'resolved' | 'closed';
  inviteBefore: string;
  agenda: string[];
  /** Whether the meeting runs for the incident as it is now (its severity; open, or not yet resolved). */
  applies: boolean;
  next: { date: string; startsAt: string; endsAt: string; inviteAt: string; invited: boolean } | null;
};

/** GET /incidents/:key/meetings. */
export type Meetings = { items: MeetingOccurrence[]; schedule: MeetingSchedule[] };
