import { readFileSync } from 'node:fs';
import { systemActor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { sha256Hex } from '../platform/ids.ts';
import { formatPolicyErrors, parsePolicy, presetPath } from './load.ts';
import { findActivePolicyVersion, insertPolicyVersion, markActive } from './versions.ts';

/**
 * On first start, loads and activates the default policy (or CORDON_POLICY). Later starts keep whatever is
 * active: changing the policy is an audited action through the API, not a side effect of a restart.
 */
export async function bootstrapPolicy(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  policyFile: string | null,
): Promise<{ loaded: boolean; version: number; name: string }> {
  const existing = await findActivePolicyVersion(deps.db);
  if (existing) return { loaded: false, version: existing.version, name: existing.name };
  const path = policyFile ?? presetPath('default');
  const source = readFileSync(path, 'utf8');
  const parsed = parsePolicy(source, path);
  if (!parsed.ok)
    throw new Error(`The policy file ${path} is invalid:\n${formatPolicyErrors(parsed.errors)}`);
  return withTransaction(deps.db, async (tx) => {
    const again = await findActivePolicyVersion(tx);
    if (again) return { loaded: false, version: again.version, name: again.name };
    const now = deps.clock.now();
    const actor = systemActor();
    const version = await insertPolicyVersion(tx, {
      document: parsed.policy,
      source,
      sha256: sha256Hex(source),
      at: now,
      by: null,
    });
    await markActive(tx, version, now, null);
    await appendAudit(tx, actor, now, {
      action: 'policy.activated',
      targetType: 'policy',
      targetId: String(version),
      data: {
        name: parsed.policy.metadata.name,
        sha256: sha256Hex(source),
        reason: 'first start',
        file: policyFile ?? 'policies/default.yaml',
      },
    });
    return { loaded: true, version, name: parsed.policy.metadata.name };
  });
}
