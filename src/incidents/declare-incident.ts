import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import type { Tx } from '../platform/db/client.ts';
import type { PolicyVersion } from '../policy/versions.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { prepareDeclaration } from './declare-prepare.ts';
import { presentDeclared } from './declare-present.ts';
import { writeDeclarations } from './declare-write.ts';
import type { IncidentView } from './present.ts';
import type { DeclareIncidentInput } from './schemas.ts';
import { findIncidentById, type IncidentRow } from './store.ts';

/**
 * Declares an incident under the active policy. The declaration is checked here, per request, then
 * written by the process's group commit together with whatever else is being declared; it resolves after
 * that transaction committed (docs/adr/0004-group-commit.md).
 * @throws auth.forbidden, incident.unknown_type, incident.unknown_severity, incident.unknown_field_value,
 *   user.not_found, database.busy
 */
export async function declareIncident(
  deps: Pick<AppDeps, 'db' | 'incidentBatcher'>,
  actor: Actor,
  input: DeclareIncidentInput,
): Promise<IncidentView> {
  assertCan(actor, 'incident.declare');
  const policy = await getActivePolicy(deps.db);
  const declaration = await prepareDeclaration(deps.db, actor, policy, input, null);
  const row = await deps.incidentBatcher.declare(declaration);
  return presentDeclared(row, { declarer: declaration.declarer, assignee: declaration.assignee });
}

/**
 * The declaration itself, inside a caller's transaction (promoting an event or an alert): the same checks
 * and the same writes as a group commit of one.
 */
export async function declareIncidentInTx(
  tx: Tx,
  deps: Pick<AppDeps, 'clock'>,
  actor: Actor,
  policy: PolicyVersion,
  input: DeclareIncidentInput,
  fromEventRef: string | null,
): Promise<IncidentRow> {
  const declaration = await prepareDeclaration(tx, actor, policy, input, fromEventRef);
  await writeDeclarations(tx, deps.clock.now(), [declaration]);
  const row = await findIncidentById(tx, declaration.id);
  if (!row) throw new Error('declared incident not found');
  return row;
}
