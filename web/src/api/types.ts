/** Response shapes of the Cordon HTTP API v1 (docs/api.md); the server is the authority. */

// The shapes the CLI reads too are written once, beside the server, and shared with it.
export type {
  AuditEntry,
  ChainVerification,
  CordonEvent,
  EventStatus,
  Incident,
  Page,
  Rca,
  TimelineEntry,
  User,
  UserRef,
} from '../../../src/app/api-types.ts';

import type { UserRef } from '../../../src/app/api-types.ts';

export type Me = {
  id: string;
  username: string;
  name: string;
  email: string | null;
  roles: string[];
  permissions: string[];
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
  createdAt: string;
  /** Who uploaded and who activated it; null: the server itself (the default policy at first start). */
  createdBy: UserRef | null;
  activatedAt: string | null;
  activatedBy: UserRef | null;
  document: PolicyDocument;
  source: string;
};

export type PolicyVersionSummary = Omit<PolicyVersion, 'document' | 'source'>;

// The directory, escalation, and SLA/meetings/notifications types live beside this file, by feature.
export * from './directory-types.ts';
export * from './escalation-types.ts';
export * from './operations-types.ts';
