import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId, sha256Hex } from '../platform/ids.ts';
import { loadIncident } from './load.ts';
import { recordIncidentChange } from './record-change.ts';
import { findDocument, upsertDocument } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface RcaView {
  body: string;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

const present = (d: {
  body: string;
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}): RcaView => ({
  body: d.body,
  version: d.version,
  updatedAt: d.updatedAt.toISOString(),
  updatedBy: d.updatedBy,
});

/**
 * Records or revises the root cause analysis ("A root cause analysis report shall be documented and
 * referenced in the incident documentation", incident-response-plan). The timeline keeps the SHA-256 of
 * every version, so a later edit of the document is visible against the chain.
 * @throws incident.not_found, auth.forbidden
 */
export function writeRca(deps: Deps, actor: Actor, key: string, body: string): Promise<RcaView> {
  assertCan(actor, 'incident.rca.write');
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, { lock: true });
    const now = deps.clock.now();
    const doc = await upsertDocument(tx, {
      id: newId(),
      incidentId: row.id,
      kind: 'rca',
      body,
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.userId,
    });
    const data = { version: doc.version, sha256: sha256Hex(body), length: body.length };
    await recordIncidentChange(tx, actor, row, {
      kind: 'incident.rca_recorded',
      at: now,
      data: data,
      auditData: data,
    });
    return present(doc);
  });
}

/** @throws incident.not_found, rca.not_found */
export function getRca(deps: Deps, actor: Actor, key: string): Promise<RcaView> {
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, {
      lock: false,
      audit: { action: 'incident.rca_read', at: deps.clock.now() },
    });
    const doc = await findDocument(tx, row.id, 'rca');
    if (!doc) throw new AppError('rca.not_found', `${row.key} has no root cause analysis yet.`);
    return present(doc);
  });
}
