import { asc, eq } from 'drizzle-orm';
import type { TargetContext } from '../directory/index.ts';
import { type IncidentRow, presentOne } from '../incidents/index.ts';
import { events } from '../intake/tables.ts';
import type { Tx } from '../platform/db/client.ts';

/** What a notification is about: an event under triage, or an incident. */
export interface EventSubject {
  id: string;
  ref: string;
  title: string;
  source: string;
  suspectedBreach: boolean;
  reporterUserId: string | null;
  reporterName: string | null;
  incidentId: string | null;
  status: string;
}

const eventColumns = {
  id: events.id,
  ref: events.ref,
  title: events.title,
  source: events.source,
  suspectedBreach: events.suspectedBreach,
  reporter: events.reporter,
  incidentId: events.incidentId,
  status: events.status,
};

function toSubject(row: {
  id: string;
  ref: string;
  title: string;
  source: string;
  suspectedBreach: boolean;
  reporter: { userId: string | null; name: string | null };
  incidentId: string | null;
  status: string;
}): EventSubject {
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    source: row.source,
    suspectedBreach: row.suspectedBreach,
    reporterUserId: row.reporter.userId,
    reporterName: row.reporter.name,
    incidentId: row.incidentId,
    status: row.status,
  };
}

export async function findEventSubject(tx: Tx, ref: string): Promise<EventSubject | undefined> {
  const [row] = await tx.select(eventColumns).from(events).where(eq(events.ref, ref));
  return row ? toSubject(row) : undefined;
}

export async function findEventSubjectById(tx: Tx, id: string): Promise<EventSubject | undefined> {
  const [row] = await tx.select(eventColumns).from(events).where(eq(events.id, id));
  return row ? toSubject(row) : undefined;
}

/** The events an incident was promoted from or merged with, oldest first. */
export async function eventsOfIncident(tx: Tx, incidentId: string): Promise<EventSubject[]> {
  const rows = await tx
    .select(eventColumns)
    .from(events)
    .where(eq(events.incidentId, incidentId))
    .orderBy(asc(events.createdAt));
  return rows.map(toSubject);
}

/** Who an event's targets resolve against: its reporter (for "the reporter's supervisor"). */
export function eventTargetContext(event: EventSubject, now: Date): TargetContext {
  return {
    reporterUserId: event.reporterUserId,
    assigneeUserId: null,
    participantUserIds: [],
    ownerTeam: null,
    now,
  };
}

/**
 * Who an incident's targets resolve against: the reporter of the event it came from (or its declarer),
 * the assignee, the participants (declarer, assignee, role holders) and the owner team.
 */
export async function incidentTargetContext(
  tx: Tx,
  incident: IncidentRow,
  now: Date,
): Promise<TargetContext> {
  const view = await presentOne(tx, incident);
  const [source] = await eventsOfIncident(tx, incident.id);
  const participants = new Set<string>();
  if (incident.declaredBy) participants.add(incident.declaredBy);
  if (incident.assigneeId) participants.add(incident.assigneeId);
  for (const r of view.roles) participants.add(r.user.id);
  return {
    reporterUserId: source ? source.reporterUserId : incident.declaredBy,
    assigneeUserId: incident.assigneeId,
    participantUserIds: [...participants],
    ownerTeam: incident.ownerTeam,
    now,
  };
}
