import type { AppDeps } from '../app/deps.ts';
import { findIncidentById } from '../incidents/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { closeSla, planSla } from './sla-clock.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'config'>;
type AuditEntry = { incidentId: string | null };

/** The SLA clock follows the audit log: declared and re-rated incidents (re)plan it, closure stops it. */
export function slaReactions(deps: Deps): [string, (tx: Tx, entry: AuditEntry) => Promise<void>][] {
  const plan = async (tx: Tx, entry: AuditEntry) => {
    const incident = entry.incidentId ? await findIncidentById(tx, entry.incidentId) : undefined;
    if (incident) await planSla(tx, deps, incident);
  };
  const close = async (tx: Tx, entry: AuditEntry) => {
    const incident = entry.incidentId ? await findIncidentById(tx, entry.incidentId) : undefined;
    if (incident && !incident.isOpen) await closeSla(tx, deps, incident);
  };
  return [
    ['incident.declared', plan],
    ['incident.severity_changed', plan],
    ['incident.reopened', plan],
    ['incident.closed', close],
  ];
}
