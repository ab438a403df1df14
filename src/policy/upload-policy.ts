import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { sha256Hex } from '../platform/ids.ts';
import { parsePolicy } from './load.ts';
import {
  forgetActivePolicy,
  getPolicyVersion,
  insertPolicyVersion,
  markActive,
  type PolicyVersion,
} from './versions.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Stores a new policy version after validating it; optionally activates it in the same transaction.
 * Invalid files are refused with every error and its line. Activation is audited.
 * @throws policy.invalid, auth.forbidden
 */
export function uploadPolicy(
  deps: Deps,
  actor: Actor,
  input: { source: string; activate: boolean },
): Promise<PolicyVersion> {
  assertCan(actor, 'policy.activate');
  const parsed = parsePolicy(input.source, 'policy.yaml');
  if (!parsed.ok) {
    throw new AppError(
      'policy.invalid',
      `The policy is invalid: ${parsed.errors.length} error(s). First: ${parsed.errors[0]?.path} (line ${parsed.errors[0]?.line}): ${parsed.errors[0]?.message}`,
      {
        details: parsed.errors,
      },
    );
  }
  return forgetOnFailure(
    withTransaction(deps.db, async (tx) => {
      const now = deps.clock.now();
      const version = await insertPolicyVersion(tx, {
        document: parsed.policy,
        source: input.source,
        sha256: sha256Hex(input.source),
        at: now,
        by: actor.userId,
      });
      await appendAudit(tx, actor, now, {
        action: 'policy.uploaded',
        targetType: 'policy',
        targetId: String(version),
        data: { name: parsed.policy.metadata.name, sha256: sha256Hex(input.source) },
      });
      if (input.activate) await activateInTx(tx, deps, actor, version);
      return getPolicyVersion(tx, version);
    }),
  );
}

/**
 * Makes a stored version the active policy. New incidents run under it; open incidents keep the version
 * they were declared under.
 * @throws policy.version_not_found, auth.forbidden
 */
export function activatePolicy(deps: Deps, actor: Actor, version: number): Promise<PolicyVersion> {
  assertCan(actor, 'policy.activate');
  return forgetOnFailure(
    withTransaction(deps.db, async (tx) => {
      await activateInTx(tx, deps, actor, version);
      return { ...(await getPolicyVersion(tx, version)), active: true };
    }),
  );
}

async function activateInTx(tx: Tx, deps: Deps, actor: Actor, version: number): Promise<void> {
  const target = await getPolicyVersion(tx, version);
  const now = deps.clock.now();
  await markActive(tx, version, now, actor.userId);
  await appendAudit(tx, actor, now, {
    action: 'policy.activated',
    targetType: 'policy',
    targetId: String(version),
    data: { name: target.name, sha256: target.sha256 },
  });
}

/** A rolled-back activation must not leave this process believing in the version it tried to activate. */
async function forgetOnFailure<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    forgetActivePolicy();
    throw error;
  }
}
