import type { Actor } from '../access/actor.ts';
import { appendAudit } from '../audit/append.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { appendTimeline, type TimelineEntry } from '../timeline/append.ts';
import type { IncidentRow } from './store.ts';

/**
 * Every change to an incident lands on its timeline and in the audit log, in the caller's transaction.
 * The audit entry carries `auditData` (what an auditor needs, without the incident's content).
 */
export async function recordIncidentChange(
  tx: Tx,
  actor: Actor,
  incident: Pick<IncidentRow, 'id' | 'key' | 'visibility'>,
  change: {
    kind: string;
    at: Date;
    data: Record<string, unknown>;
    auditAction?: string;
    auditData?: Record<string, unknown>;
  },
): Promise<TimelineEntry> {
  const entry = await appendTimeline(tx, {
    incidentId: incident.id,
    kind: change.kind,
    at: change.at,
    actorId: actor.userId,
    data: change.data,
  });
  await appendAudit(tx, actor, change.at, {
    action: change.auditAction ?? change.kind,
    targetType: 'incident',
    targetId: incident.key,
    incidentId: incident.id,
    data: change.auditData ?? {},
  });
  await announceChange(tx, {
    kind: 'incident',
    key: incident.key,
    id: incident.id,
    visibility: incident.visibility,
  });
  return entry;
}
