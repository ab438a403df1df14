import { userRef } from '../access/present.ts';
import { usersByIds } from '../access/store.ts';
import type { Db } from '../platform/db/client.ts';
import type { PolicyVersion } from './versions.ts';

type Summary = Omit<PolicyVersion, 'document' | 'source'>;

/**
 * Who uploaded and who activated each version, as `{ id, name, username }` (null: the server itself, e.g.
 * the default policy loaded at first start). An auditor reads "activated by Dana", not a user id.
 */
async function refsOf(db: Db, versions: Summary[]) {
  const ids = versions.flatMap((v) => [v.createdBy, v.activatedBy]).filter((id): id is string => id !== null);
  const users = await usersByIds(db, ids);
  return (id: string | null) => {
    const user = id ? users.get(id) : undefined;
    return user ? userRef(user) : null;
  };
}

type Ref = Awaited<ReturnType<typeof refsOf>>;

/** A version as the list shows it: without its document. */
const summary = (v: Summary, ref: Ref) => ({
  version: v.version,
  name: v.name,
  title: v.title,
  sha256: v.sha256,
  active: v.active,
  createdAt: v.createdAt.toISOString(),
  createdBy: ref(v.createdBy),
  activatedAt: v.activatedAt?.toISOString() ?? null,
  activatedBy: ref(v.activatedBy),
});

/** One version with its document and source, as `GET /policy` answers. */
export async function presentPolicyVersion(db: Db, v: PolicyVersion) {
  return { ...summary(v, await refsOf(db, [v])), document: v.document, source: v.source };
}

/** The list of versions, newest first, without documents. */
export async function presentPolicyVersions(db: Db, versions: Summary[]) {
  const ref = await refsOf(db, versions);
  return versions.map((v) => summary(v, ref));
}
