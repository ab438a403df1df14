import type { Actor } from '../access/actor.ts';
import { type UserRef, userRef } from '../access/present.ts';
import { findUserById } from '../access/store.ts';
import type { Tx } from '../platform/db/client.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Severity } from '../policy/schema.ts';
import type { PolicyVersion } from '../policy/versions.ts';
import { assertFieldValue, assertIncidentType, getSeverity } from './rules.ts';
import type { DeclareIncidentInput } from './schemas.ts';

/**
 * A declaration checked against the policy and ready to write: everything but its key and its time, which
 * the transaction that writes it assigns (keys are gapless in commit order).
 */
export interface Declaration {
  id: string;
  actor: Actor;
  /** The declarer as responses show them (null for Cordon itself). */
  declarer: UserRef | null;
  assignee: UserRef | null;
  policyVersion: number;
  initialPhase: string;
  input: DeclareIncidentInput;
  severity: Severity;
  visibility: 'normal' | 'restricted';
  ownerTeam: string | null;
  /** Special cases of the policy this declaration triggered (ids). */
  specialCases: string[];
  fromEventRef: string | null;
}

/**
 * Applies the policy to a declaration before anything is written, so a user's mistake is reported to that
 * user alone (and never fails a group commit it would have shared). The incident records the policy
 * version it was checked under; later policy changes do not move its goalposts.
 * @throws incident.unknown_type, incident.unknown_severity, incident.unknown_field_value, user.not_found
 */
export async function prepareDeclaration(
  tx: Tx,
  actor: Actor,
  policy: PolicyVersion,
  input: DeclareIncidentInput,
  fromEventRef: string | null,
): Promise<Declaration> {
  const doc = policy.document;
  assertIncidentType(doc, input.type);
  let severity = getSeverity(doc, input.severity);
  assertFieldValue('classification', doc.fields.classification, input.classification);
  assertFieldValue('likelihood', doc.fields.likelihood, input.likelihood);
  assertFieldValue('locations', doc.fields.locations, input.location);
  const assignee = input.assigneeId ? await findUserById(tx, input.assigneeId) : null;
  if (input.assigneeId && !assignee) throw new AppError('user.not_found', 'The assignee does not exist.');
  const ownerTeam = input.ownerTeam ?? doc.fields.defaultOwnerTeam ?? null;
  if (ownerTeam && doc.teams.length > 0 && !doc.teams.some((t) => t.key === ownerTeam)) {
    throw new AppError('incident.unknown_field_value', `Unknown team "${ownerTeam}".`, {
      details: { field: 'ownerTeam', allowed: doc.teams.map((t) => t.key) },
    });
  }

  // incident-response-plan, Internal Issues: an internal actor demands discreet management (restricted)
  // and is a critical issue; the policy's special case says how.
  let visibility = input.visibility ?? 'normal';
  const specialCases: string[] = [];
  if (input.suspectedInternalActor) {
    for (const special of doc.specialCases.filter((c) => c.when === 'internal-actor')) {
      specialCases.push(special.id);
      if (special.visibility === 'restricted') visibility = 'restricted';
      if (special.minimumSeverity) {
        const floor = getSeverity(doc, special.minimumSeverity);
        if (floor.rank < severity.rank) severity = floor;
      }
    }
  }
  return {
    id: newId(),
    actor,
    declarer: actor.userId ? userRef({ id: actor.userId, name: actor.name, username: actor.username }) : null,
    assignee: assignee ? userRef(assignee) : null,
    policyVersion: policy.version,
    initialPhase: doc.initialPhase,
    input,
    severity,
    visibility,
    ownerTeam,
    specialCases,
    fromEventRef,
  };
}
