import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { type AlertSourceRow, listSourceRows } from './store.ts';

/** The registered alert sources (never their tokens). @throws auth.forbidden */
export function listSources(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<AlertSourceRow[]> {
  assertCan(actor, 'tokens.manage');
  return listSourceRows(deps.db);
}
