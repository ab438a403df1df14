import { eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { findIncidentById } from '../incidents/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { verifyTimelines } from '../timeline/verify.ts';
import { chainHeads } from './tables.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

/**
 * Recomputes the audit chain and every incident timeline chain and names the first broken entry. The
 * result does not reveal restricted incidents' keys to outsiders, but a break is always reported.
 * @throws auth.forbidden
 */
export async function verifyChains(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  assertCan(actor, 'audit.read');
  // One snapshot for the whole check: reading the entries and then the heads outside a snapshot reports
  // false breaks while others write (measured under the declare benchmark).
  return deps.db.transaction((tx) => verifyInSnapshot(tx), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function verifyInSnapshot(tx: Tx) {
  const audit = await verifyAuditChain(tx);
  const [head] = await tx.select().from(chainHeads).where(eq(chainHeads.chain, 'audit'));
  const auditBreak =
    audit.firstBroken ??
    (head && head.seq !== audit.checked
      ? { seq: audit.checked + 1, reason: 'entries after this point are missing' }
      : null);
  const timelines = await verifyTimelines(tx);
  let timelineBreak = null;
  if (timelines.firstBroken) {
    const incident = await findIncidentById(tx, timelines.firstBroken.incidentId);
    timelineBreak = {
      incidentKey: incident?.key ?? null,
      seq: timelines.firstBroken.seq,
      reason: timelines.firstBroken.reason,
    };
  }
  return {
    ok: auditBreak === null && timelineBreak === null,
    audit: { checked: audit.checked, firstBroken: auditBreak },
    timelines: { incidents: timelines.incidents, checked: timelines.checked, firstBroken: timelineBreak },
  };
}
