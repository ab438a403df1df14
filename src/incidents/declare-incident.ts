import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import { findUserById } from '../access/store.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { nextCounterValue } from '../platform/db/counters.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { PolicyVersion } from '../policy/versions.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { startTimeline } from '../timeline/append.ts';
import { type IncidentView, presentOne } from './present.ts';
import { assertFieldValue, assertIncidentType, getSeverity, remediationDueAt } from './rules.ts';
import type { DeclareIncidentInput } from './schemas.ts';
import { type IncidentRow, insertIncident } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Declares an incident under the active policy.
 * @throws auth.forbidden, incident.unknown_type, incident.unknown_severity, incident.unknown_field_value
 */
export function declareIncident(
  deps: Deps,
  actor: Actor,
  input: DeclareIncidentInput,
): Promise<IncidentView> {
  assertCan(actor, 'incident.declare');
  return withTransaction(deps.db, async (tx) => {
    const policy = await getActivePolicy(tx);
    const row = await declareIncidentInTx(tx, deps, actor, policy, input, null);
    return presentOne(tx, row);
  });
}

/**
 * The declaration itself, inside a caller's transaction (promoting an event uses it too). The incident
 * records the policy version it runs under; later policy changes do not move its goalposts.
 */
export async function declareIncidentInTx(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  policy: PolicyVersion,
  input: DeclareIncidentInput,
  fromEventRef: string | null,
): Promise<IncidentRow> {
  const doc = policy.document;
  assertIncidentType(doc, input.type);
  let severity = getSeverity(doc, input.severity);
  assertFieldValue('classification', doc.fields.classification, input.classification);
  assertFieldValue('likelihood', doc.fields.likelihood, input.likelihood);
  assertFieldValue('locations', doc.fields.locations, input.location);
  if (input.assigneeId && !(await findUserById(tx, input.assigneeId))) {
    throw new AppError('user.not_found', 'The assignee does not exist.');
  }
  const ownerTeam = input.ownerTeam ?? doc.fields.defaultOwnerTeam ?? null;
  if (ownerTeam && doc.teams.length > 0 && !doc.teams.some((t) => t.key === ownerTeam)) {
    throw new AppError('incident.unknown_field_value', `Unknown team "${ownerTeam}".`, {
      details: { field: 'ownerTeam', allowed: doc.teams.map((t) => t.key) },
    });
  }

  // incident-response-plan, Internal Issues: an internal actor demands discreet management (restricted)
  // and is a critical issue; the policy's special case says how.
  let visibility = input.visibility ?? 'normal';
  const appliedCases: string[] = [];
  if (input.suspectedInternalActor) {
    for (const special of doc.specialCases.filter((c) => c.when === 'internal-actor')) {
      appliedCases.push(special.id);
      if (special.visibility === 'restricted') visibility = 'restricted';
      if (special.minimumSeverity) {
        const floor = getSeverity(doc, special.minimumSeverity);
        if (floor.rank < severity.rank) severity = floor;
      }
    }
  }

  const now = deps.clock.now();
  const year = now.getUTCFullYear();
  const seq = await nextCounterValue(tx, `incident:${year}`);
  const key = `INC-${year}-${String(seq).padStart(4, '0')}`;
  const row = await insertIncident(tx, {
    id: newId(),
    key,
    title: input.title,
    summary: input.summary,
    type: input.type,
    severity: severity.key,
    phase: doc.initialPhase,
    isOpen: true,
    classification: input.classification ?? null,
    location: input.location ?? null,
    likelihood: input.likelihood ?? null,
    ownerTeam,
    assigneeId: input.assigneeId ?? null,
    visibility,
    suspectedInternalActor: input.suspectedInternalActor,
    policyVersion: policy.version,
    remediationDueAt: remediationDueAt(severity, now),
    phaseTimes: { [doc.initialPhase]: now.toISOString() },
    declaredAt: now,
    declaredBy: actor.userId,
    updatedAt: now,
  });
  await startTimeline(tx, {
    incidentId: row.id,
    kind: 'incident.declared',
    at: now,
    actorId: actor.userId,
    data: {
      key,
      title: row.title,
      type: row.type,
      severity: row.severity,
      requestedSeverity: input.severity,
      phase: row.phase,
      visibility,
      policyVersion: policy.version,
      remediationDueAt: row.remediationDueAt?.toISOString() ?? null,
      specialCases: appliedCases,
      fromEvent: fromEventRef,
    },
  });
  await appendAudit(tx, actor, now, {
    action: 'incident.declared',
    targetType: 'incident',
    targetId: key,
    incidentId: row.id,
    data: { severity: row.severity, type: row.type, visibility, fromEvent: fromEventRef },
  });
  await announceChange(tx, { kind: 'incident', key, id: row.id, visibility });
  return row;
}
