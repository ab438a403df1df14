/**
 * Response shapes of the Cordon HTTP API v1 (docs/api.md) that both clients read: the web app
 * (web/src/api/types.ts) and the CLI (src/cli/api-types.ts) re-export them from here, so the two cannot
 * drift apart. Each mirrors a server presenter (`present.ts`); the server is the authority. Types only,
 * besides the list of event statuses: the web app's type check and build reach this file from outside web/.
 */

export type UserRef = { id: string; name: string; username: string };

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

export type Page<T> = { items: T[]; nextCursor: string | null };

export const EVENT_STATUSES = ['awaiting_triage', 'dismissed', 'merged', 'promoted'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

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
