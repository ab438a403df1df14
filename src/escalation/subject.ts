import type { AppDeps } from '../app/deps.ts';
import type { TargetContext } from '../directory/index.ts';
import { findIncidentById, type IncidentRow } from '../incidents/index.ts';
import {
  type EventSubject,
  eventTargetContext,
  findEventSubjectById,
  incidentTargetContext,
} from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import type { Policy } from '../policy/schema.ts';
import { getPolicyVersion } from '../policy/versions.ts';
import type { RunRow } from './store.ts';

/**
 * What an escalation is about: an event under triage, or the incident it became (a run started on an event
 * follows the event into its incident, so later pages and acknowledgements land on the incident's timeline).
 */
export interface Subject {
  kind: 'incident' | 'event';
  incident: IncidentRow | null;
  event: EventSubject | null;
  ref: string;
  title: string;
  link: string;
  restricted: boolean;
  targets: TargetContext;
}

export async function subjectOf(
  tx: Tx,
  deps: Pick<AppDeps, 'clock' | 'config'>,
  ids: { incidentId: string | null; eventId: string | null },
): Promise<Subject | null> {
  const now = deps.clock.now();
  const base = deps.config.notifications.baseUrl;
  if (ids.incidentId) {
    const incident = await findIncidentById(tx, ids.incidentId);
    if (!incident) return null;
    const event = ids.eventId ? ((await findEventSubjectById(tx, ids.eventId)) ?? null) : null;
    return {
      kind: 'incident',
      incident,
      event,
      ref: incident.key,
      title: incident.title,
      link: `${base}/incidents/${incident.key}`,
      restricted: incident.visibility === 'restricted',
      targets: await incidentTargetContext(tx, incident, now),
    };
  }
  if (ids.eventId) {
    const event = await findEventSubjectById(tx, ids.eventId);
    if (!event) return null;
    return {
      kind: 'event',
      incident: null,
      event,
      ref: event.ref,
      title: event.title,
      link: `${base}/events/${event.ref}`,
      restricted: false,
      targets: eventTargetContext(event, now),
    };
  }
  return null;
}

export async function policyOf(tx: Tx, run: Pick<RunRow, 'policyVersion'>): Promise<Policy> {
  return (await getPolicyVersion(tx, run.policyVersion)).document;
}
