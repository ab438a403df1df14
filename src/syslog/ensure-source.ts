import { systemActor } from '../access/actor.ts';
import { type AlertSourceRef, findSourceByName, insertSource } from '../alerts/index.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { hashSecret, newId, newSecret } from '../platform/ids.ts';

/**
 * Syslog has no tokens: the listener files its alerts under one registered source (CORDON_SYSLOG_SOURCE),
 * registered here on first start with a token nobody holds. Returns null when an administrator revoked it,
 * which turns syslog intake off.
 */
export function ensureSyslogSource(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  name: string,
): Promise<AlertSourceRef | null> {
  return withTransaction(deps.db, async (tx) => {
    const existing = await findSourceByName(tx, name);
    if (existing)
      return existing.revokedAt ? null : { id: existing.id, name: existing.name, kind: existing.kind };
    const now = deps.clock.now();
    const row = await insertSource(tx, null, {
      id: newId(),
      name,
      kind: 'syslog',
      description: 'Syslog listener (RFC 5424 / RFC 3164 over UDP and TCP)',
      tokenHash: hashSecret(newSecret('unused')),
      prefix: 'syslog',
      createdAt: now,
      createdBy: null,
      revokedAt: null,
    });
    await appendAudit(tx, systemActor(), now, {
      action: 'alert_source.registered',
      targetType: 'alert_source',
      targetId: row.id,
      data: { name, kind: 'syslog', reason: 'syslog listener started' },
    });
    return { id: row.id, name: row.name, kind: row.kind };
  });
}
