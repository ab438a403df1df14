import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import {
  declareIncidentInTx,
  type IncidentRow,
  type IncidentView,
  loadIncident,
  presentOne,
} from '../incidents/index.ts';
import { type EventRow, type EventView, presentEvents } from '../intake/present.ts';
import { findEventByRef, updateEventRow } from '../intake/store.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { getActivePolicy, type PolicyVersion } from '../policy/versions.ts';
import { appendTimeline } from '../timeline/append.ts';
import type { DispositionInput } from './schemas.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Records an event's disposition: dismissed (with a policy reason), merged into an incident, or promoted
 * to a new one. "Suspected incidents shall be assessed and classified as either an event or an incident"
 * (incident-response-plan); every event ends here, with who, when and why.
 * @throws event.not_found, event.already_disposed, event.invalid_reason, incident.not_found, incident.closed, auth.forbidden
 */
export function disposeEvent(
  deps: Deps,
  actor: Actor,
  ref: string,
  input: DispositionInput,
): Promise<{ event: EventView; incident: IncidentView | null }> {
  assertCan(actor, 'event.triage');
  if (input.action === 'promote') assertCan(actor, 'incident.declare');
  return withTransaction(deps.db, async (tx) => {
    const event = await findEventByRef(tx, ref, true);
    if (!event)
      throw new AppError('event.not_found', `Event ${ref} does not exist or you are not allowed to see it.`);
    if (event.status !== 'awaiting_triage') {
      throw new AppError(
        'event.already_disposed',
        `Event ${event.ref} was already ${event.status.replace('_', ' ')}.`,
        {
          details: { status: event.status },
        },
      );
    }
    const policy = await getActivePolicy(tx);
    const now = deps.clock.now();
    const incident = await applyDisposition(tx, deps, actor, policy, event, input);
    const updated = await updateEventRow(tx, event.id, {
      status: input.action === 'dismiss' ? 'dismissed' : input.action === 'merge' ? 'merged' : 'promoted',
      dispositionAction: input.action,
      dispositionReason: input.action === 'dismiss' ? input.reason : null,
      dispositionNote: input.note ?? null,
      disposedBy: actor.userId,
      disposedAt: now,
      incidentId: incident?.id ?? null,
    });
    await appendAudit(tx, actor, now, {
      action: `event.${input.action === 'dismiss' ? 'dismissed' : input.action === 'merge' ? 'merged' : 'promoted'}`,
      targetType: 'event',
      targetId: event.ref,
      incidentId: incident?.id ?? null,
      data: { reason: input.action === 'dismiss' ? input.reason : null, incidentKey: incident?.key ?? null },
    });
    await announceChange(tx, { kind: 'event', ref: event.ref, incidentId: incident?.id ?? null });
    if (incident && input.action === 'merge') {
      await announceChange(tx, {
        kind: 'incident',
        key: incident.key,
        id: incident.id,
        visibility: incident.visibility,
      });
    }
    const [view] = await presentEvents(tx, [updated], new Map(incident ? [[incident.id, incident.key]] : []));
    if (!view) throw new Error('present returned nothing');
    return { event: view, incident: incident ? await presentOne(tx, incident) : null };
  });
}

async function applyDisposition(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  policy: PolicyVersion,
  event: EventRow,
  input: DispositionInput,
): Promise<IncidentRow | null> {
  if (input.action === 'dismiss') {
    const allowed = policy.document.intake.dispositions;
    if (!allowed.includes(input.reason)) {
      throw new AppError(
        'event.invalid_reason',
        `"${input.reason}" is not a dismissal reason in the policy. Allowed: ${allowed.join(', ')}.`,
        {
          details: { allowed },
        },
      );
    }
    return null;
  }
  if (input.action === 'merge') {
    const { row } = await loadIncident(tx, actor, input.incidentKey, { lock: true });
    if (!row.isOpen)
      throw new AppError(
        'incident.closed',
        `${row.key} is closed; reopen it or promote the event to a new incident.`,
      );
    await appendTimeline(tx, {
      incidentId: row.id,
      kind: 'event.merged',
      at: deps.clock.now(),
      actorId: actor.userId,
      data: { eventRef: event.ref, title: event.title, source: event.source, note: input.note ?? null },
    });
    return row;
  }
  return declareIncidentInTx(
    tx,
    deps,
    actor,
    policy,
    {
      title: input.title ?? event.title,
      summary: event.description,
      type: input.type,
      severity: input.severity,
      suspectedInternalActor: input.suspectedInternalActor,
      ...(input.visibility ? { visibility: input.visibility } : {}),
    },
    event.ref,
  );
}
