import type { Actor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { loadIncident } from './load.ts';
import { type IncidentView, presentOne } from './present.ts';

/**
 * One incident, if the actor may see it. Reading a restricted incident is audited.
 * @throws incident.not_found
 */
export function getIncident(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  key: string,
): Promise<IncidentView> {
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, {
      lock: false,
      audit: { action: 'incident.read', at: deps.clock.now() },
    });
    return presentOne(tx, row);
  });
}
