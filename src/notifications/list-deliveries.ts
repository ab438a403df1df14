import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { loadIncident } from '../incidents/index.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { page } from './present-deliveries.ts';
import { type DeliveryStatus, listDeliveryRows } from './store.ts';

export interface DeliveryQuery {
  status?: DeliveryStatus | undefined;
  /** One incident's deliveries (need-to-know applies; a restricted incident's are an audited read). */
  incident?: string | undefined;
  channel?: string | undefined;
  /** Part of the recipient's name or address. */
  recipient?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The delivery log (operations): by status (`dead` is the dead-letter view), incident, channel, recipient. */
export function listDeliveries(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, query: DeliveryQuery) {
  assertCan(actor, 'audit.read');
  return withTransaction(deps.db, async (tx) => {
    const incident = query.incident
      ? await loadIncident(tx, actor, query.incident, {
          lock: false,
          audit: { action: 'incident.deliveries_read', at: deps.clock.now() },
        })
      : undefined;
    const rows = await listDeliveryRows(tx, {
      status: query.status,
      incidentId: incident?.row.id,
      channels: query.channel ? [query.channel] : undefined,
      recipient: query.recipient,
      before: query.cursor ? Number(query.cursor) : undefined,
      limit: query.limit,
    });
    return page(tx, actor, rows, query.limit);
  });
}
