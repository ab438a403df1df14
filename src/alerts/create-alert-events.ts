import { systemActor } from '../access/actor.ts';
import { declareIncidentInTx } from '../incidents/index.ts';
import type { AlertDetails } from '../intake/tables.ts';
import { newTimeOrderedId } from '../platform/ids.ts';
import type { PolicyVersion } from '../policy/versions.ts';
import type { Batch } from './ingest-alerts.ts';
import type { NewAlertEvent, OpenIncidentRef } from './ingest-store.ts';
import { entityKeysOf, fingerprintOf, type RoutingDecision, routeAlert, routingOf } from './route-alert.ts';
import type { IngestItem } from './types.ts';

/**
 * What an alert would open if its fingerprint is new: its routing decision, entity keys and stored details.
 * Worked out when the alert is submitted (`prepareItem`), outside the group commit's transaction.
 */
export interface Candidate {
  /** The policy version that routed it. */
  version: number;
  decision: RoutingDecision;
  keys: string[];
  /** The keys correlation compares with open incidents (none for an alert a rule dismisses). */
  correlate: string[];
  /** The `alert` column (`AlertDetails`) as JSON. */
  details: string;
}

/** A fingerprint new to Cordon: its first firing alert in the batch, and the notices after it. */
export interface Fresh {
  fingerprint: string;
  first: number;
  rest: number[];
  candidate: Candidate;
}

/** An alert ready for the group commit (`prepareItem`). */
export interface PreparedItem extends IngestItem {
  fingerprint: string;
  /** Null for a resolved notice: it never opens an event. */
  candidate: Candidate | null;
}

const CORRELATION_RULE = 'correlation';

/** Routes an alert that may open a new event, before the database says whether it does. */
export function candidateOf(policy: PolicyVersion, item: IngestItem): Candidate {
  const kinds: readonly string[] = routingOf(policy).correlation.entities;
  const decision = routeAlert(policy, item);
  const keys = entityKeysOf(item.alert);
  const correlate =
    decision.action === 'dismiss' ? [] : keys.filter((k) => kinds.includes(k.slice(0, k.indexOf(':'))));
  const a = item.alert;
  const details: AlertDetails = {
    severity: a.severity,
    labels: a.labels,
    entities: a.entities,
    externalId: a.externalId,
    format: item.format,
  };
  return { version: policy.version, decision, keys, correlate, details: JSON.stringify(details) };
}

/**
 * An alert with the work that needs no database done: its fingerprint and, for a firing alert, what it
 * would open. Done when it is submitted, so it overlaps the group commit in flight instead of lengthening
 * the next one.
 */
export function prepareItem(policy: PolicyVersion, item: IngestItem): PreparedItem {
  return {
    ...item,
    fingerprint: fingerprintOf(item.source.id, item.alert),
    candidate: item.alert.status === 'firing' ? candidateOf(policy, item) : null,
  };
}

/**
 * New events for the batch's new fingerprints, with the routing decision for each: dismissed by a rule,
 * linked to an open incident that shares an entity, promoted by a rule, or left for triage with the
 * suggested type and severity. Promotions declare their incident here, in the same transaction. Numbers
 * are taken from `firstNumber` on (the caller holds the counter's lock).
 */
export async function createAlertEvents(
  b: Batch,
  firstNumber: number,
  fresh: Fresh[],
  sharing: Map<string, OpenIncidentRef>,
): Promise<NewAlertEvent[]> {
  if (fresh.length === 0) return [];
  const prepared = fresh.map((f) => {
    const item = b.items[f.first];
    if (!item) throw new Error('fresh alert without its item');
    return { f, item, ...f.candidate };
  });
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
    // Only a promotion waits for the database: no promise per alert otherwise.
    const disposition = promotes(decision, linked)
      ? await promote(b, ref, p)
      : decideWithoutDatabase(decision, linked, sharedKey ?? null);
    if (disposition.promoted)
      for (const k of p.correlate) if (!sharing.has(k)) sharing.set(k, disposition.promoted);
    const incident = disposition.promoted ?? (disposition.action === 'merge' ? linked : undefined) ?? null;
    const alert = item.alert;
    rows.push({
      // Event ids are internal (events are known by their reference): time-ordered, for the index's sake.
      id: newTimeOrderedId(),
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
      alert: p.details,
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

/** Whether a new event's disposition declares an incident (the only one that needs the database). */
const promotes = (decision: RoutingDecision, linked: OpenIncidentRef | undefined): boolean =>
  decision.action === 'promote' && !linked && Boolean(decision.type && decision.severity);

function decideWithoutDatabase(
  decision: RoutingDecision,
  linked: OpenIncidentRef | undefined,
  sharedKey: string | null,
): Disposition {
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
  return { ...none };
}

/** A routing rule promotes: the incident is declared in the group commit's transaction. */
async function promote(
  b: Batch,
  ref: string,
  p: { item: NonNullable<Batch['items'][number]>; decision: RoutingDecision },
): Promise<Disposition> {
  const { decision, item } = p;
  if (!decision.type || !decision.severity) throw new Error('promote without type and severity');
  b.promoted = true;
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
