import { findIncidentById } from '../incidents/index.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { findEventSubjectById } from './subjects.ts';

/** Incidents and events (by id) whose notifications or escalation changed in a transaction. */
export interface Subjects {
  incidents: Set<string>;
  events: Set<string>;
}

/**
 * Tells live views (the web app's escalation panels, pages and timelines) that these subjects changed. The
 * notices go out when the transaction commits, and say only what changed: browsers refetch through the API,
 * which applies need-to-know. Empties the sets.
 */
export async function announceSubjects(tx: Tx, subjects: Subjects): Promise<void> {
  for (const id of subjects.incidents) {
    const incident = await findIncidentById(tx, id);
    if (incident)
      await announceChange(tx, { kind: 'incident', key: incident.key, id, visibility: incident.visibility });
  }
  for (const id of subjects.events) {
    const event = await findEventSubjectById(tx, id);
    if (event) await announceChange(tx, { kind: 'event', ref: event.ref, incidentId: event.incidentId });
  }
  subjects.incidents.clear();
  subjects.events.clear();
}
