import { desc, eq, sql } from 'drizzle-orm';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { AppError } from '../platform/errors.ts';
import type { Policy } from './schema.ts';
import { policyVersions } from './tables.ts';

export interface PolicyVersion {
  version: number;
  name: string;
  title: string;
  sha256: string;
  document: Policy;
  source: string;
  createdAt: Date;
  createdBy: string | null;
  active: boolean;
  activatedAt: Date | null;
  activatedBy: string | null;
}

/**
 * Policy versions never change once stored, so their parsed documents are cached by version number; only
 * "which version is active" is read from the database each time (cheap, and right across processes).
 */
const cache = new Map<number, PolicyVersion>();

export async function getPolicyVersion(tx: Tx, version: number): Promise<PolicyVersion> {
  const cached = cache.get(version);
  if (cached) return cached;
  const [row] = await tx.select().from(policyVersions).where(eq(policyVersions.version, version));
  if (!row) throw new AppError('policy.version_not_found', `Policy version ${version} does not exist.`);
  const value: PolicyVersion = { ...row };
  cache.set(version, value);
  return value;
}

/**
 * Which version is active, remembered in process: every request needs the active policy (permissions),
 * and it changes only when someone activates a version. Activation announces itself at commit
 * (`announceChange` kind 'policy'); every process's live hub then calls `forgetActivePolicy`.
 */
let activeVersion: number | null = null;

export function forgetActivePolicy(): void {
  activeVersion = null;
}

/**
 * The caches assume one database per process (true for `serve`). Opening another database in the same
 * process (tests, tools) starts from empty caches.
 */
export function forgetPolicyCaches(): void {
  activeVersion = null;
  cache.clear();
}

export async function findActivePolicyVersion(tx: Tx): Promise<PolicyVersion | undefined> {
  if (activeVersion !== null) return { ...(await getPolicyVersion(tx, activeVersion)), active: true };
  const [row] = await tx
    .select({ version: policyVersions.version, active: policyVersions.active })
    .from(policyVersions)
    .where(eq(policyVersions.active, true));
  if (!row) return undefined;
  const v = await getPolicyVersion(tx, row.version);
  activeVersion = row.version;
  return { ...v, active: true };
}

/** The active policy; every use case that applies policy rules starts here. */
export async function getActivePolicy(tx: Tx): Promise<PolicyVersion> {
  const active = await findActivePolicyVersion(tx);
  if (!active)
    throw new AppError(
      'policy.none_active',
      'No policy is active. Start the server once to load the default policy.',
    );
  return active;
}

export function listPolicyVersionRows(tx: Tx) {
  return tx
    .select({
      version: policyVersions.version,
      name: policyVersions.name,
      title: policyVersions.title,
      sha256: policyVersions.sha256,
      createdAt: policyVersions.createdAt,
      createdBy: policyVersions.createdBy,
      active: policyVersions.active,
      activatedAt: policyVersions.activatedAt,
      activatedBy: policyVersions.activatedBy,
    })
    .from(policyVersions)
    .orderBy(desc(policyVersions.version));
}

export async function insertPolicyVersion(
  tx: Tx,
  input: { document: Policy; source: string; sha256: string; at: Date; by: string | null },
): Promise<number> {
  // Serialise version numbering: concurrent uploads queue here instead of failing on the primary key.
  await tx.execute(sql`lock table ${policyVersions} in share row exclusive mode`);
  const [max] = await tx
    .select({ v: sql<number | null>`max(${policyVersions.version})` })
    .from(policyVersions);
  const version = (max?.v ?? 0) + 1;
  await tx.insert(policyVersions).values({
    version,
    name: input.document.metadata.name,
    title: input.document.metadata.title,
    source: input.source,
    document: input.document,
    sha256: input.sha256,
    createdAt: input.at,
    createdBy: input.by,
  });
  return version;
}

export async function markActive(tx: Tx, version: number, at: Date, by: string | null): Promise<void> {
  await tx.update(policyVersions).set({ active: false }).where(eq(policyVersions.active, true));
  await tx
    .update(policyVersions)
    .set({ active: true, activatedAt: at, activatedBy: by })
    .where(eq(policyVersions.version, version));
  cache.delete(version);
  // Forget now for this process (the transaction sees its own change), and tell the others at commit.
  forgetActivePolicy();
  await announceChange(tx, { kind: 'policy', version });
}
