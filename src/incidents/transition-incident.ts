import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { loadIncident } from './load.ts';
import { type IncidentView, presentOne } from './present.ts';
import { recordIncidentChange } from './record-change.ts';
import { assertClosable, assertTransition, getPhase } from './rules.ts';
import type { TransitionInput } from './schemas.ts';
import { findDocument, updateIncidentRow } from './store.ts';

/**
 * Moves an incident to another phase as the policy's phase table allows. Moving into a closing phase
 * applies the closure gates (incident-response-plan: only the Security Delegate formally closes; a P1
 * needs a root cause analysis); moving out of one reopens the incident.
 * @throws incident.not_found, incident.invalid_transition, incident.closure_gate, auth.forbidden
 */
export function transitionIncident(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  key: string,
  input: TransitionInput,
): Promise<IncidentView> {
  assertCan(actor, 'incident.transition');
  return withTransaction(deps.db, async (tx) => {
    const { row, policy } = await loadIncident(tx, actor, key, { lock: true });
    const doc = policy.document;
    assertTransition(doc, row.phase, input.to);
    const target = getPhase(doc, input.to);
    const closing = target.closing;
    const reopening = !row.isOpen && !closing;
    if (closing) {
      // Gates first, so a refusal names the policy rule ("only the Security Delegate formally closes").
      const rca = await findDocument(tx, row.id, 'rca');
      assertClosable(doc, row.key, {
        severity: row.severity,
        actorRoles: actor.roles,
        artifacts: new Set(rca ? (['rca'] as const) : []),
        isSystem: actor.kind === 'system',
      });
      assertCan(actor, 'incident.close');
    }
    const now = deps.clock.now();
    const updated = await updateIncidentRow(tx, row.id, {
      phase: target.key,
      isOpen: !closing,
      closedAt: closing ? now : null,
      phaseTimes: row.phaseTimes[target.key]
        ? row.phaseTimes
        : { ...row.phaseTimes, [target.key]: now.toISOString() },
      updatedAt: now,
    });
    const kind = closing ? 'incident.closed' : reopening ? 'incident.reopened' : 'incident.phase_changed';
    await recordIncidentChange(tx, actor, row, {
      kind,
      at: now,
      data: { from: row.phase, to: target.key, reason: input.reason ?? null },
      auditData: { from: row.phase, to: target.key },
    });
    return presentOne(tx, updated);
  });
}
