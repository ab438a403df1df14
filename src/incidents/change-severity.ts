import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { loadIncident } from './load.ts';
import { type IncidentView, presentOne } from './present.ts';
import { recordIncidentChange } from './record-change.ts';
import { getSeverity, remediationDueAt } from './rules.ts';
import type { SeverityInput } from './schemas.ts';
import { updateIncidentRow } from './store.ts';

/**
 * Re-rates an incident ("The Security Delegate shall … assign a severity"). The remediation deadline is
 * recomputed from the declaration time with the new severity's SLA. A reason is required for the record.
 * @throws incident.not_found, incident.unknown_severity, incident.severity_unchanged, incident.closed
 */
export function changeSeverity(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  key: string,
  input: SeverityInput,
): Promise<IncidentView> {
  assertCan(actor, 'incident.set_severity');
  return withTransaction(deps.db, async (tx) => {
    const { row, policy } = await loadIncident(tx, actor, key, { lock: true });
    const severity = getSeverity(policy.document, input.severity);
    if (!row.isOpen)
      throw new AppError('incident.closed', `${row.key} is closed; reopen it before changing its severity.`);
    if (severity.key === row.severity)
      throw new AppError('incident.severity_unchanged', `${row.key} is already ${row.severity}.`);
    const now = deps.clock.now();
    const dueAt = remediationDueAt(severity, row.declaredAt);
    const updated = await updateIncidentRow(tx, row.id, {
      severity: severity.key,
      remediationDueAt: dueAt,
      updatedAt: now,
    });
    const data = {
      from: row.severity,
      to: severity.key,
      reason: input.reason,
      remediationDueAt: dueAt?.toISOString() ?? null,
    };
    await recordIncidentChange(tx, actor, row, {
      kind: 'incident.severity_changed',
      at: now,
      data: data,
      auditData: { from: row.severity, to: severity.key },
    });
    return presentOne(tx, updated);
  });
}
