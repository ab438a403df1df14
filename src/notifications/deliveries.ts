import type { Actor } from '../access/actor.ts';
import { assertCan, can } from '../access/can.ts';
import type { Delivery } from '../app/api-types-escalation.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { findPersonByUserId, teamsOfPerson } from '../directory/index.ts';
import { canSeeIncident, findIncidentById, loadIncident } from '../incidents/index.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { appendTimeline } from '../timeline/append.ts';
import { DELIVERY_QUEUE } from './notify.ts';
import {
  type DeliveryRow,
  type DeliveryStatus,
  findDelivery,
  listDeliveryRows,
  updateDelivery,
} from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'jobs'>;

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
async function page(tx: Tx, actor: Actor, rows: DeliveryRow[], limit: number) {
  const last = rows.at(-1);
  return {
    items: await presentDeliveries(tx, actor, rows),
    nextCursor: rows.length === limit && last ? String(last.ord) : null,
  };
}

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

/** Sends a dead (or unavailable) delivery again, e.g. after fixing a channel's configuration. */
export function retryDelivery(deps: Deps, actor: Actor, id: string): Promise<DeliveryView> {
  if (!can(actor, 'users.manage')) assertCan(actor, 'incident.update');
  return withTransaction(deps.db, async (tx) => {
    const d = await findDelivery(tx, id, true);
    const [visible] = d ? await presentDeliveries(tx, actor, [d]) : [];
    if (!d || !visible) throw new AppError('delivery.not_found', `There is no delivery ${id}.`);
    if (d.status !== 'dead' || !d.channelKey) {
      throw new AppError(
        'delivery.not_retryable',
        `Only a dead delivery can be sent again; this one is ${d.status}.`,
      );
    }
    const now = deps.clock.now();
    const updated = await updateDelivery(tx, d.id, { status: 'queued', lastError: null });
    await deps.jobs.enqueue(tx, DELIVERY_QUEUE, `${d.id}:retry:${d.attempts}`, { deliveryId: d.id });
    const incident = d.incidentId ? await findIncidentById(tx, d.incidentId) : undefined;
    if (incident) {
      await appendTimeline(tx, {
        incidentId: incident.id,
        kind: 'notification.retry_requested',
        at: now,
        actorId: actor.userId,
        data: { deliveryId: d.id, recipient: d.recipientName, channel: d.channel, via: d.channelKey },
      });
      await announceChange(tx, {
        kind: 'incident',
        key: incident.key,
        id: incident.id,
        visibility: incident.visibility,
      });
    }
    await appendAudit(tx, actor, now, {
      action: 'notification.retry_requested',
      targetType: 'delivery',
      targetId: d.id,
      incidentId: d.incidentId,
    });
    const [view] = await presentDeliveries(tx, actor, [updated]);
    if (!view) throw new Error('present returned nothing');
    return view;
  });
}

/** The actor's in-app notifications (the `app` channel), their teams' queue items included. */
export function listInbox(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  query: { cursor?: string | undefined; limit: number },
) {
  return withTransaction(deps.db, async (tx) => {
    if (!actor.userId) return { items: [], nextCursor: null };
    const person = await findPersonByUserId(tx, actor.userId);
    const teams = person ? await teamsOfPerson(tx, person.id) : [];
    const rows = await listDeliveryRows(tx, {
      userId: actor.userId,
      teamKeys: teams,
      channels: ['app', 'queue'],
      before: query.cursor ? Number(query.cursor) : undefined,
      limit: query.limit,
    });
    return page(tx, actor, rows, query.limit);
  });
}

export function markRead(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, id: string): Promise<void> {
  return withTransaction(deps.db, async (tx) => {
    const d = await findDelivery(tx, id, true);
    const person = actor.userId ? await findPersonByUserId(tx, actor.userId) : undefined;
    const teams = person ? await teamsOfPerson(tx, person.id) : [];
    const mine = d && (d.userId === actor.userId || (d.teamKey !== null && teams.includes(d.teamKey)));
    if (!d || !mine || !['app', 'queue'].includes(d.channel))
      throw new AppError('delivery.not_found', `There is no notification ${id} for you.`);
    if (!d.readAt) await updateDelivery(tx, d.id, { readAt: deps.clock.now() });
  });
}

/** A department's queue: what was assigned to the team ("assigned to the appropriate department"). */
export function listQueue(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  team: string,
  query: { cursor?: string | undefined; limit: number },
) {
  assertCan(actor, 'incident.read');
  return withTransaction(deps.db, async (tx) => {
    const policy = (await getActivePolicy(tx)).document;
    if (!policy.teams.some((t) => t.key === team)) {
      throw new AppError('directory.unknown_reference', `The policy has no team "${team}".`, {
        details: { allowed: policy.teams.map((t) => t.key) },
      });
    }
    const rows = await listDeliveryRows(tx, {
      teamKeys: [team],
      channels: ['queue'],
      before: query.cursor ? Number(query.cursor) : undefined,
      limit: query.limit,
    });
    return page(tx, actor, rows, query.limit);
  });
}
