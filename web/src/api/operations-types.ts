import type { DeliveryStatus } from './escalation-types.ts';

/** Remediation SLA (src/sla/read-sla.ts): the clock as the server reads it now. */
export type SlaState = 'on_track' | 'at_risk' | 'breached' | 'met';

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

/** Out-of-band mode (src/notifications/out-of-band.ts). */
export type Comms = {
  incidentKey: string;
  outOfBand: boolean;
  reason: string | null;
  changedAt: string | null;
  changedBy: string | null;
};

/** The incident's dedicated chat channel (src/notifications/chat-rooms.ts). */
export type ChatRoom = {
  incidentKey: string;
  room: { name: string; roomId: string; channel: string; openedAt: string } | null;
  canOpen: boolean;
  reason: string | null;
};

/** The daily incident response meeting (src/meetings/minutes.ts). */
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
  applies: boolean;
  next: { date: string; startsAt: string; endsAt: string; inviteAt: string; invited: boolean } | null;
};

export type Meetings = { items: MeetingOccurrence[]; schedule: MeetingSchedule[] };

/** One message through one channel (src/notifications/deliveries.ts): the log, the inbox, team queues. */
export type Delivery = {
  id: string;
  pageId: string | null;
  incidentKey: string | null;
  purpose: string;
  channel: string;
  via: string | null;
  recipient: string;
  address: string | null;
  subject: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  cursor: number | null;
};

export type ChannelKind =
  | 'smtp'
  | 'slack-webhook'
  | 'slack-api'
  | 'teams-webhook'
  | 'mattermost-webhook'
  | 'webhook'
  | 'sms-gateway';

/** A configured channel (src/notifications/channels.ts): settings only, credentials never leave the server. */
export type NotificationChannel = {
  key: string;
  kind: ChannelKind;
  purpose: 'normal' | 'out-of-band';
  enabled: boolean;
  source: 'env' | 'api';
  settings: Record<string, unknown>;
  hasCredentials: boolean;
  updatedAt: string;
};
