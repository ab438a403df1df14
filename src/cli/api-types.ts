/**
 * Response shapes of the Cordon HTTP API v1, as written in docs/api.md. The CLI reads them but does
 * not re-validate them: the server is the authority, and `--json` passes them through untouched.
 */

export type UserRef = { id: string; name: string; username: string };

export const EVENT_STATUSES = ['awaiting_triage', 'dismissed', 'merged', 'promoted'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const DISMISS_REASONS = [
  'false_positive',
  'benign',
  'hoax',
  'duplicate',
  'out_of_scope',
  'other',
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

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

export type AuditVerification = {
  ok: boolean;
  audit: { checked: number; firstBroken: null | { seq: number; reason: string } };
  timelines: {
    incidents: number;
    checked: number;
    firstBroken: null | { incidentKey: string; seq: number; reason: string };
  };
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export type Disposition = { event: CordonEvent; incident: Incident | null };

export type Rca = { body: string; updatedAt: string; updatedBy: UserRef | null; version: number };

/** The policy document is whatever the active policy file says; the CLI reads only a few keys of it. */
export type PolicyDocument = {
  metadata?: { name?: string; title?: string };
  severities?: { key: string; name?: string; remediationSla?: string; requiredBeforeClose?: string[] }[];
  phases?: { key: string; name?: string; next?: string[]; closing?: boolean }[];
  roles?: { key: string; name?: string }[];
  incidentTypes?: { key: string; name?: string }[];
};

export type PolicyVersion = {
  version: number;
  name: string;
  title: string;
  activatedAt: string | null;
  activatedBy: UserRef | null;
  sha256: string;
  document: PolicyDocument;
  source: string;
};

export type PolicyVersionSummary = {
  version: number;
  name: string;
  title: string;
  sha256: string;
  createdAt: string;
  createdBy: UserRef | null;
  activatedAt: string | null;
  active: boolean;
};

export type User = {
  id: string;
  username: string;
  name: string;
  email: string | null;
  roles: string[];
  disabled?: boolean;
  isAdmin?: boolean;
  createdAt?: string;
};

export type Me = { user: User & { permissions: string[]; isAdmin: boolean } };

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  user?: UserRef | null;
  userId?: string;
  createdAt?: string;
  expiresAt?: string | null;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
};

export type CreatedToken = { token: ApiToken; secret: string };

/** The error body every non-2xx answer carries (docs/api.md, "Errors"). */
export type ApiErrorBody = {
  error: { code: string; message: string; details?: unknown; requestId?: string };
};
