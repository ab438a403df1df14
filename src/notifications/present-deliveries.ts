import type { Actor } from '../access/actor.ts';
import type { Delivery } from '../app/api-types-escalation.ts';
import { canSeeIncident, findIncidentById } from '../incidents/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { getActivePolicy } from '../policy/versions.ts';
import type { DeliveryRow } from './store.ts';

export type DeliveryView = Delivery;

/** Deliveries the actor may see (need-to-know applies to restricted incidents), with incident keys. */
export async function presentDeliveries(tx: Tx, actor: Actor, rows: DeliveryRow[]): Promise<DeliveryView[]> {
  const policy = (await getActivePolicy(tx)).document;
  const keys = new Map<string, string | null>();
  for (const id of new Set(rows.flatMap((r) => (r.incidentId ? [r.incidentId] : [])))) {
    const incident = await findIncidentById(tx, id);
    keys.set(id, incident && (await canSeeIncident(tx, actor, policy, incident)) ? incident.key : null);
  }
  return rows
    .filter((r) => !r.incidentId || keys.get(r.incidentId))
    .map((r) => ({
      id: r.id,
      pageId: r.pageId,
      incidentKey: r.incidentId ? (keys.get(r.incidentId) ?? null) : null,
      purpose: r.purpose,
      channel: r.channel,
      via: r.channelKey,
      recipient: r.recipientName,
      address: r.address,
      subject: r.subject,
      body: r.body,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      note: r.note,
      createdAt: r.createdAt.toISOString(),
      lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
      readAt: r.readAt?.toISOString() ?? null,
      cursor: r.ord,
    }));
}

/**
 * A page of what the actor may see. The next cursor follows the rows read, not the ones shown: a page whose
 * rows were all about incidents the actor may not see is empty but not the last.
 */
export async function page(tx: Tx, actor: Actor, rows: DeliveryRow[], limit: number) {
  const last = rows.at(-1);
  return {
    items: await presentDeliveries(tx, actor, rows),
    nextCursor: rows.length === limit && last ? String(last.ord) : null,
  };
}
