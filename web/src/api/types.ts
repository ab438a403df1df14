/** Response shapes of the Cordon HTTP API v1 (docs/api.md); the server is the authority. */

export type UserRef = { id: string; name: string; username: string };

export type Me = {
  id: string;
  username: string;
  name: string;
  email: string | null;
  roles: string[];
  permissions: string[];
};

export type User = {
  id: string;
  username: string;
  name: string;
  email: string | null;
  roles: string[];
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
};

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export type EventStatus = 'awaiting_triage' | 'dismissed' | 'merged' | 'promoted';

export type CordonEvent = {
  ref: string;
  status: EventStatus;
  source: string;
  title: string;
  description: string;
  observedAt: string | null;
  details: {
    where?: string;
    systems?: string[];
    accounts?: string[];
    othersAware?: string;
    howDetected?: string;
  };
  reporter: { name: string | null; email: string | null; phone: string | null; userId: string | null };
  filedBy: UserRef | null;
  onBehalfOfCustomer: boolean;
  suspectedBreach: boolean;
  routedToTeam: string | null;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  createdAt: string;
  disposition: null | {
    action: 'dismiss' | 'merge' | 'promote';
    reason: string | null;
    note: string | null;
    by: UserRef;
    at: string;
    incidentKey: string | null;
  };
};

export type Incident = {
  key: string;
  title: string;
  summary: string;
  type: string;
  severity: string;
  phase: string;
  isOpen: boolean;
  classification: string | null;
  location: string | null;
  likelihood: string | null;
  ownerTeam: string | null;
  assignee: UserRef | null;
  visibility: 'normal' | 'restricted';
  suspectedInternalActor: boolean;
  policyVersion: number;
  remediationDueAt: string | null;
  phaseTimes: Record<string, string>;
  roles: { role: string; user: UserRef }[];
  hasRca: boolean;
  declaredAt: string;
  declaredBy: UserRef | null;
  closedAt: string | null;
  updatedAt: string;
};

export type TimelineEntry = {
  seq: number;
  kind: string;
  at: string;
  actor: UserRef | null;
  data: Record<string, unknown>;
  hash: string;
};

export type Rca = { body: string; updatedAt: string; updatedBy: string | null; version: number };

export type AuditEntry = {
  seq: number;
  at: string;
  actor: UserRef | null;
  action: string;
  targetType: string;
  targetId: string | null;
  incidentKey: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
  hash: string;
};

export type ChainVerification = {
  ok: boolean;
  audit: { checked: number; firstBroken: null | { seq: number; reason: string } };
  timelines: {
    incidents: number;
    checked: number;
    firstBroken: null | { incidentKey: string; seq: number; reason: string };
  };
};

export type SourceQuote = { document: string; section?: string; quote?: string };

export type GateViolation = { gate: string; rule: string; source: SourceQuote | null; unblock: string };

export type EscalationTarget =
  | { role: string }
  | { position: string }
  | { team: string }
  | { oncall: string }
  | { relation: string };

export type EscalationStep = {
  id: string;
  description?: string;
  after: string;
  notify: EscalationTarget[];
  channels: string[];
  ackTimeout?: string;
  repeat: number;
  ack: 'any' | 'all';
  fallback?: { notify: EscalationTarget[]; channels: string[] };
  source?: SourceQuote;
};

export type PolicyDocument = {
  metadata: { name: string; title: string; description?: string; sources?: string[] };
  roles: {
    key: string;
    name: string;
    description?: string;
    permissions: string[];
    onCallCover?: { schedule: string; roles: string[] };
    source?: SourceQuote;
  }[];
  positions: { key: string; name: string; description?: string }[];
  teams: { key: string; name: string; description?: string }[];
  severities: {
    key: string;
    name: string;
    rank: number;
    definition: string;
    examples: string[];
    remediationSla?: string;
    escalationSummary?: string;
    requiredBeforeClose: string[];
    source?: SourceQuote;
  }[];
  incidentTypes: {
    key: string;
    name: string;
    description?: string;
    defaultSeverity?: string;
    suspectedBreach: boolean;
  }[];
  phases: {
    key: string;
    name: string;
    description?: string;
    next: string[];
    closing: boolean;
    source?: SourceQuote;
  }[];
  initialPhase: string;
  reopenTo: string;
  closure: {
    id: string;
    description: string;
    roles?: string[];
    requires?: string;
    severities?: string[];
    source?: SourceQuote;
  }[];
  fields: {
    classification: string[];
    likelihood: string[];
    locations: string[];
    ownerTeams?: string[];
  };
  escalation: {
    id: string;
    name: string;
    on: string;
    severities?: string[];
    steps: EscalationStep[];
    source?: SourceQuote;
  }[];
  intake: { reporterGuidance?: string; dispositions: string[]; customerReportsTeam?: string };
  access: { restrictedReaders: string[]; defaultRole?: string };
  specialCases?: {
    id: string;
    name: string;
    description: string;
    outOfBand: boolean;
    /** Roles that may switch the case on for an incident; empty: anyone with incident.update. */
    appliedBy: string[];
    notifyRoles: string[];
    source?: SourceQuote;
  }[];
};

export type PolicyVersion = {
  version: number;
  name: string;
  title: string;
  sha256: string;
  active: boolean;
  activatedAt: string | null;
  createdAt: string;
  document: PolicyDocument;
  source: string;
};

export type PolicyVersionSummary = Omit<PolicyVersion, 'document' | 'source'> & { createdBy: string | null };

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

/** Escalation (src/escalation/present.ts): one person or team asked to respond, and its deliveries. */
export type DeliveryStatus =
  | 'queued'
  | 'sending'
  | 'retrying'
  | 'delivered'
  | 'dead'
  | 'suppressed'
  | 'unavailable';

export type PageDelivery = {
  id: string;
  channel: string;
  via: string | null;
  address: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
};

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
  acknowledgedVia: 'link' | 'api' | 'cli' | 'web' | 'chat' | null;
  note: string | null;
  deliveries: PageDelivery[];
};

export type StepState =
  | 'scheduled'
  | 'paging'
  | 'notified'
  | 'acknowledged'
  | 'escalated'
  | 'unanswered'
  | 'stopped';

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

export type AckResult = { page: EscalationPage; alreadyAcknowledged: boolean; stopped: string[] };

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
