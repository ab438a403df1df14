/**
 * Response shapes of escalation and notifications (docs/api.md): pages and their runs
 * (src/escalation/present.ts), deliveries (src/notifications/present-deliveries.ts), channels, out-of-band mode and
 * chat rooms. The server's presenters are annotated with these types and the web app
 * (web/src/api/escalation-types.ts) re-exports them, so the two cannot drift apart. Types only, no imports:
 * the web app's type check and build reach this file from outside web/. (One list of values, too.)
 */

/** What became of a delivery; the server's filter, the CLI's and the web app's take these. */
export const DELIVERY_STATUSES = [
  'queued',
  'sending',
  'retrying',
  'delivered',
  'dead',
  'suppressed',
  'unavailable',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One delivery of a page, as the escalation panel shows it. */
export type PageDelivery = {
  id: string;
  channel: string;
  via: string | null;
  address: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  /** Why it went out as it did, e.g. "used although Carl CTO avoids it: …". */
  note: string | null;
  createdAt: string;
  deliveredAt: string | null;
};

/** How a page was acknowledged. */
export type AckVia = 'link' | 'api' | 'cli' | 'web' | 'chat';

/** One person or team asked to respond, and its deliveries. */
export type EscalationPage = {
  id: string;
  state: 'open' | 'acknowledged';
  recipient: { name: string; kind: 'person' | 'user' | 'team'; via: string[] };
  channels: string[];
  round: number;
  fallback: boolean;
  rule: { id: string; name: string } | null;
  step: string | null;
  subject: { kind: 'incident' | 'event'; ref: string | null };
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedVia: AckVia | null;
  note: string | null;
  deliveries: PageDelivery[];
  /** Where the page stands in GET /pages (its `nextCursor`). */
  cursor: number;
};

export type StepState =
  | 'scheduled'
  | 'paging'
  | 'notified'
  | 'acknowledged'
  | 'escalated'
  | 'unanswered'
  | 'stopped';

/** A subject's escalation: one run of a rule, its steps and their pages. */
export type EscalationRun = {
  id: string;
  rule: { id: string; name: string };
  trigger: string;
  state: 'active' | 'completed' | 'stopped';
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  steps: {
    id: string;
    state: StepState;
    round: number;
    dueAt: string;
    timeoutAt: string | null;
    endedAt: string | null;
    endReason: string | null;
    pages: EscalationPage[];
  }[];
};

/** POST /pages/:id/ack. */
export type AckResult = {
  page: EscalationPage;
  alreadyAcknowledged: boolean;
  /** What the acknowledgement stopped, in words ("CEO will not be paged"). */
  stopped: string[];
};

/** One message through one channel: the delivery log, the inbox, team queues. */
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
  /** Why it went out as it did, e.g. "used although Carl CTO avoids it: …". */
  note: string | null;
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

/** A configured channel: settings only, credentials never leave the server. */
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
  /** Whether a channel can be asked for now, and if not, why (out-of-band, no Slack Web API). */
  canOpen: boolean;
  reason: string | null;
};
