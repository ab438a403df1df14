/**
 * Response shapes of the Cordon HTTP API v1, as written in docs/api.md. The CLI reads them but does
 * not re-validate them: the server is the authority, and `--json` passes them through untouched.
 */

import type { CordonEvent, Incident, User, UserRef } from '../app/api-types.ts';

// The shapes the web app reads too are written once, in src/app/api-types.ts.
export {
  type AuditEntry,
  type ChainVerification,
  type CordonEvent,
  EVENT_STATUSES,
  type EventStatus,
  type Incident,
  type Page,
  type Rca,
  type TimelineEntry,
  type User,
  type UserRef,
} from '../app/api-types.ts';

export const DISMISS_REASONS = [
  'false_positive',
  'benign',
  'hoax',
  'duplicate',
  'out_of_scope',
  'other',
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export type Disposition = { event: CordonEvent; incident: Incident | null };

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
  sha256: string;
  active: boolean;
  createdAt: string;
  createdBy: UserRef | null;
  activatedAt: string | null;
  activatedBy: UserRef | null;
  document: PolicyDocument;
  source: string;
};

export type PolicyVersionSummary = Omit<PolicyVersion, 'document' | 'source'>;

/** `GET /auth/me`: the user, with the permissions their roles grant. */
export type Me = { user: User & { permissions: string[] } };

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

export type CreatedToken = { token: ApiToken; secret: string };

/** The error body every non-2xx answer carries (docs/api.md, "Errors"). */
export type ApiErrorBody = {
  error: { code: string; message: string; details?: unknown; requestId?: string };
};
