import type { AlertEntities } from '../intake/tables.ts';
import type { ALERT_SEVERITIES } from '../policy/schema.ts';

export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type AlertFormat = 'generic' | 'alertmanager' | 'ocsf' | 'syslog';

/** An alert after its adapter: the same shape whatever the tool sent. */
export interface NormalizedAlert {
  title: string;
  description: string;
  severity: AlertSeverity;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  entities: AlertEntities;
  observedAt: Date | null;
  /** The tool's own fingerprint, or null to derive one from title, labels and entities. */
  fingerprint: string | null;
  externalId: string | null;
}

export interface AlertSourceRef {
  id: string;
  name: string;
  kind: AlertFormat;
}

/** One alert waiting for its group commit, with where it came from. */
export interface IngestItem {
  source: AlertSourceRef;
  format: AlertFormat;
  alert: NormalizedAlert;
  requestId: string | null;
}

export type IngestResult = 'created' | 'repeated' | 'resolved' | 'ignored';

/** What the sender is told about each alert once it is committed. */
export interface IngestOutcome {
  ref: string | null;
  result: IngestResult;
  count: number;
}
