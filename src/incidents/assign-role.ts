import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import { findUserById } from '../access/store.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { loadIncident } from './load.ts';
import { type IncidentView, presentOne } from './present.ts';
import { recordIncidentChange } from './record-change.ts';
import type { RoleAssignmentInput } from './schemas.ts';
import { deleteRole, insertRole } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Gives a person a response role on an incident (Incident Commander, IRT member …, from the policy).
 * Role holders become participants and can see a restricted incident.
 * @throws incident.not_found, incident.unknown_role, user.not_found, auth.forbidden
 */
export function assignRole(
  deps: Deps,
  actor: Actor,
  key: string,
  input: RoleAssignmentInput,
): Promise<IncidentView> {
  return changeRole(deps, actor, key, input, 'assign');
}

/** Takes a response role away ("formally dismissed by the Incident Manager"). */
export function unassignRole(
  deps: Deps,
  actor: Actor,
  key: string,
  input: RoleAssignmentInput,
): Promise<IncidentView> {
  return changeRole(deps, actor, key, input, 'unassign');
}

function changeRole(
  deps: Deps,
  actor: Actor,
  key: string,
  input: RoleAssignmentInput,
  op: 'assign' | 'unassign',
) {
  assertCan(actor, 'incident.assign_roles');
  return withTransaction(deps.db, async (tx) => {
    const { row, policy } = await loadIncident(tx, actor, key, { lock: true });
    const role = policy.document.roles.find((r) => r.key === input.role);
    if (!role) {
      throw new AppError('incident.unknown_role', `Unknown role "${input.role}".`, {
        details: { allowed: policy.document.roles.map((r) => r.key) },
      });
    }
    const user = await findUserById(tx, input.userId);
    if (!user) throw new AppError('user.not_found', 'No such user.');
    const now = deps.clock.now();
    const changed =
      op === 'assign'
        ? await insertRole(tx, {
            incidentId: row.id,
            userId: user.id,
            role: role.key,
            assignedAt: now,
            assignedBy: actor.userId,
          })
        : await deleteRole(tx, row.id, role.key, user.id);
    if (changed) {
      const kind = op === 'assign' ? 'incident.role_assigned' : 'incident.role_unassigned';
      const data = { role: role.key, roleName: role.name, userId: user.id, userName: user.name };
      await recordIncidentChange(tx, actor, row, {
        kind,
        at: now,
        data,
        auditData: { role: role.key, userId: user.id },
      });
    }
    return presentOne(tx, row);
  });
}
