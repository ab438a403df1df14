import type { AppDeps } from '../app/deps.ts';
import { findIncidentById } from '../incidents/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { planMeetings, stopMeetings } from './meetings.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'config'>;
type AuditEntry = { incidentId: string | null };

/**
 * The daily meeting follows the incident: a declaration or re-rating at a meeting's severity plans it, a
 * move into a resolved phase or closure stops it (and cancels the invitation already sent).
 */
export function meetingReactions(deps: Deps): [string, (tx: Tx, entry: AuditEntry) => Promise<void>][] {
  const follow = async (tx: Tx, entry: AuditEntry) => {
    const incident = entry.incidentId ? await findIncidentById(tx, entry.incidentId) : undefined;
    if (!incident) return;
    if (incident.isOpen) await planMeetings(tx, deps, incident);
    else await stopMeetings(tx, deps, incident);
  };
  return [
    ['incident.declared', follow],
    ['incident.severity_changed', follow],
    ['incident.phase_changed', follow],
    ['incident.reopened', follow],
    ['incident.closed', follow],
  ];
}
