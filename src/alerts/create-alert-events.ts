import { systemActor } from '../access/actor.ts';
import { declareIncidentInTx } from '../incidents/index.ts';
import { newId } from '../platform/ids.ts';
import type { Batch } from './ingest-alerts.ts';
import {
  findIncidentsSharing,
  type NewAlertEvent,
  type OpenIncidentRef,
  takeNumbers,
} from './ingest-store.ts';
import { entityKeysOf, type RoutingDecision, routeAlert, routingOf } from './route-alert.ts';

/** A fingerprint new to Cordon: its first firing alert in the batch, and the notices after it. */
export interface Fresh {
  fingerprint: string;
  first: number;
  rest: number[];
}

const CORRELATION_RULE = 'correlation';

/**
 * New events for the batch's new fingerprints, with the routing decision for each: dismissed by a rule,
 * linked to an open incident that shares an entity, promoted by a rule, or left for triage with the
 * suggested type and severity. Promotions declare their incident here, in the same transaction.
 */
export async function createAlertEvents(b: Batch, counter: string, fresh: Fresh[]): Promise<NewAlertEvent[]> {
  if (fresh.length === 0) return [];
  const kinds = new Set(routingOf(b.policy).correlation.entities.map((k) => `${k}:`));
  const prepared = fresh.map((f) => {
    const item = b.items[f.first];
    if (!item) throw new Error('fresh alert without its item');
    const decision = routeAlert(b.policy, item);
    const keys = entityKeysOf(item.alert);
    const correlate =
      decision.action === 'dismiss' ? [] : keys.filter((k) => kinds.has(k.slice(0, k.indexOf(':') + 1)));
    return { f, item, decision, keys, correlate };
  });
  const sharing = await findIncidentsSharing(b.tx, [...new Set(prepared.flatMap((p) => p.correlate))]);
  const firstNumber = await takeNumbers(b.tx, counter, fresh.length);
  const year = b.now.getUTCFullYear();
  const at = b.now.toISOString();
  const rows: NewAlertEvent[] = [];
  for (const [n, p] of prepared.entries()) {
    const { f, item, decision } = p;
    const ref = `EVT-${year}-${String(firstNumber + n).padStart(6, '0')}`;
    let count = 1;
    let resolved = false;
    b.outcomes[f.first] = { ref, result: 'created', count };
    for (const i of f.rest) {
      if (b.items[i]?.alert.status === 'firing') {
        count += 1;
        resolved = false;
        b.outcomes[i] = { ref, result: 'repeated', count };
      } else {
        resolved = true;
        b.outcomes[i] = { ref, result: 'resolved', count };
      }
    }
    const sharedKey = p.correlate.find((k) => sharing.has(k));
    const linked = sharedKey ? sharing.get(sharedKey) : undefined;
    const disposition = await decide(b, ref, p, linked, sharedKey ?? null);
    if (disposition.promoted)
      for (const k of p.correlate) if (!sharing.has(k)) sharing.set(k, disposition.promoted);
    const incident = disposition.promoted ?? (disposition.action === 'merge' ? linked : undefined) ?? null;
    const alert = item.alert;
    rows.push({
      id: newId(),
      ref,
      status: disposition.status,
      source: `alert:${item.source.name}`,
      title: alert.title,
      description: alert.description,
      observed_at: alert.observedAt?.toISOString() ?? null,
      reporter: { name: item.source.name, email: null, phone: null, userId: null },
      routed_to_team: decision.team,
      fingerprint: f.fingerprint,
      count,
      at,
      resolved_at: resolved ? at : null,
      disposition_action: disposition.action,
      disposition_reason: disposition.reason,
      disposition_note: disposition.note,
      disposition_rule: disposition.rule,
      incident_id: incident?.id ?? null,
      alert_source_id: item.source.id,
      alert: {
        severity: alert.severity,
        labels: alert.labels,
        entities: alert.entities,
        externalId: alert.externalId,
        format: item.format,
      },
      entity_keys: p.keys,
      suggested_type: decision.type,
      suggested_severity: decision.severity,
      routing_rule: decision.rule,
    });
    const base = { at: b.now, actorId: null, requestId: item.requestId, targetType: 'event', targetId: ref };
    b.audit.push({
      ...base,
      incidentId: null,
      action: 'event.reported',
      data: {
        channel: 'alert',
        source: item.source.name,
        format: item.format,
        severity: decision.severity,
        type: decision.type,
        rule: decision.rule,
        count,
      },
    });
    if (disposition.action) {
      const action = { dismiss: 'event.dismissed', merge: 'event.merged', promote: 'event.promoted' }[
        disposition.action
      ];
      b.audit.push({
        ...base,
        incidentId: incident?.id ?? null,
        action,
        data: { reason: disposition.reason, incidentKey: incident?.key ?? null, rule: disposition.rule },
      });
    }
    if (disposition.action === 'merge' && linked) {
      b.timeline.push({
        incidentId: linked.id,
        key: linked.key,
        visibility: linked.visibility,
        kind: 'event.merged',
        data: {
          eventRef: ref,
          title: alert.title,
          source: `alert:${item.source.name}`,
          note: disposition.note,
          rule: CORRELATION_RULE,
          entity: sharedKey ?? null,
        },
      });
    }
    b.changes.push({ kind: 'event', ref, incidentId: incident?.id ?? null });
  }
  return rows;
}

interface Disposition {
  status: NewAlertEvent['status'];
  action: 'dismiss' | 'merge' | 'promote' | null;
  reason: string | null;
  note: string | null;
  rule: string | null;
  promoted?: OpenIncidentRef;
}

async function decide(
  b: Batch,
  ref: string,
  p: { item: NonNullable<Batch['items'][number]>; decision: RoutingDecision },
  linked: OpenIncidentRef | undefined,
  sharedKey: string | null,
): Promise<Disposition> {
  const { decision, item } = p;
  const none = { status: 'awaiting_triage', action: null, reason: null, note: null, rule: null } as const;
  if (decision.action === 'dismiss') {
    return {
      status: 'dismissed',
      action: 'dismiss',
      reason: decision.dismissReason,
      note: `Dismissed by routing rule "${decision.rule}".`,
      rule: decision.rule,
    };
  }
  if (linked) {
    return {
      status: 'merged',
      action: 'merge',
      reason: null,
      note: `Linked to ${linked.key}: it shares ${sharedKey} with the incident.`,
      rule: CORRELATION_RULE,
    };
  }
  if (decision.action === 'promote' && decision.type && decision.severity) {
    const title = item.alert.title.length >= 3 ? item.alert.title : `Alert: ${item.alert.title}`;
    const row = await declareIncidentInTx(
      b.tx,
      b.deps,
      systemActor(item.requestId),
      b.policy,
      {
        title: title.slice(0, 300),
        summary: item.alert.description.slice(0, 20_000),
        type: decision.type,
        severity: decision.severity,
        suspectedInternalActor: false,
        ...(decision.team ? { ownerTeam: decision.team } : {}),
      },
      ref,
    );
    return {
      status: 'promoted',
      action: 'promote',
      reason: null,
      note: `Promoted by routing rule "${decision.rule}".`,
      rule: decision.rule,
      promoted: { id: row.id, key: row.key, visibility: row.visibility },
    };
  }
  return { ...none };
}
