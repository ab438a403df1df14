import { type UserRef, userRef } from '../access/present.ts';
import { usersByIds } from '../access/store.ts';
import type { Tx } from '../platform/db/client.ts';
import type { events } from './tables.ts';

export type EventRow = typeof events.$inferSelect;
export type EventView = ReturnType<typeof presentEvent>;

function presentEvent(
  row: EventRow,
  users: Map<string, { id: string; name: string; username: string }>,
  incidentKey: string | null,
) {
  const ref = (id: string | null): UserRef | null => {
    const u = id ? users.get(id) : undefined;
    return u ? userRef(u) : null;
  };
  const by = ref(row.disposedBy);
  return {
    ref: row.ref,
    status: row.status,
    source: row.source,
    title: row.title,
    description: row.description,
    observedAt: row.observedAt?.toISOString() ?? null,
    details: row.details,
    reporter: row.reporter,
    filedBy: ref(row.filedBy),
    onBehalfOfCustomer: row.onBehalfOfCustomer,
    suspectedBreach: row.suspectedBreach,
    routedToTeam: row.routedToTeam,
    count: row.count,
    /** Alerts only: what the tool said (its severity, labels, entities) and when it said it cleared. */
    alert: row.alert,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    /** What the policy's routing rules suggest for triage, and which rule. */
    suggested:
      row.suggestedType || row.suggestedSeverity || row.routingRule
        ? { type: row.suggestedType, severity: row.suggestedSeverity, rule: row.routingRule }
        : null,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    disposition:
      row.dispositionAction && row.disposedAt
        ? {
            action: row.dispositionAction,
            reason: row.dispositionReason,
            note: row.dispositionNote,
            by,
            at: row.disposedAt.toISOString(),
            incidentKey,
            /** The routing rule that decided, when Cordon decided (by is then null: the system). */
            rule: row.dispositionRule,
          }
        : null,
  };
}

export async function presentEvents(
  tx: Tx,
  rows: EventRow[],
  incidentKeys: Map<string, string>,
): Promise<EventView[]> {
  const users = await usersByIds(
    tx,
    rows.flatMap((r) => [r.filedBy, r.disposedBy].filter((x): x is string => x !== null)),
  );
  return rows.map((r) =>
    presentEvent(r, users, r.incidentId ? (incidentKeys.get(r.incidentId) ?? null) : null),
  );
}
