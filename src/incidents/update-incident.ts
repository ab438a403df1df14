import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import { findUserById } from '../access/store.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { loadIncident } from './load.ts';
import { type IncidentView, presentOne } from './present.ts';
import { recordIncidentChange } from './record-change.ts';
import { assertFieldValue, assertIncidentType } from './rules.ts';
import type { UpdateIncidentInput } from './schemas.ts';
import { updateIncidentRow } from './store.ts';
import { isRestrictedReader } from './visibility.ts';

const FIELDS = [
  'title',
  'summary',
  'type',
  'classification',
  'location',
  'likelihood',
  'ownerTeam',
  'assigneeId',
  'visibility',
  'suspectedInternalActor',
] as const;

/**
 * Changes an incident's descriptive fields; each change is on the timeline with its old and new value.
 * Only a restricted reader (the Security Delegate) may lift or impose need-to-know.
 * @throws incident.not_found, auth.forbidden, incident.unknown_type, incident.unknown_field_value, user.not_found
 */
export function updateIncident(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  key: string,
  input: UpdateIncidentInput,
): Promise<IncidentView> {
  assertCan(actor, 'incident.update');
  return withTransaction(deps.db, async (tx) => {
    const { row, policy } = await loadIncident(tx, actor, key, { lock: true });
    const doc = policy.document;
    if (input.type !== undefined) assertIncidentType(doc, input.type);
    assertFieldValue('classification', doc.fields.classification, input.classification);
    assertFieldValue('likelihood', doc.fields.likelihood, input.likelihood);
    assertFieldValue('locations', doc.fields.locations, input.location);
    if (input.ownerTeam && doc.teams.length > 0 && !doc.teams.some((t) => t.key === input.ownerTeam)) {
      throw new AppError('incident.unknown_field_value', `Unknown team "${input.ownerTeam}".`, {
        details: { field: 'ownerTeam', allowed: doc.teams.map((t) => t.key) },
      });
    }
    if (input.assigneeId && !(await findUserById(tx, input.assigneeId)))
      throw new AppError('user.not_found', 'The assignee does not exist.');
    if (input.visibility !== undefined && input.visibility !== row.visibility) {
      const active = await getActivePolicy(tx);
      if (!isRestrictedReader(actor, active.document)) {
        throw new AppError(
          'auth.forbidden',
          'Only a restricted reader (the Security Delegate) may change who can see an incident.',
        );
      }
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of FIELDS) {
      const next = input[field];
      if (next !== undefined && next !== row[field]) changes[field] = { from: row[field], to: next };
    }
    if (Object.keys(changes).length === 0) return presentOne(tx, row);
    const now = deps.clock.now();
    const set = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to]));
    const updated = await updateIncidentRow(tx, row.id, { ...set, updatedAt: now });
    await recordIncidentChange(tx, actor, updated, {
      kind: 'incident.updated',
      at: now,
      data: { changes },
      auditData: { fields: Object.keys(changes) },
    });
    return presentOne(tx, updated);
  });
}
