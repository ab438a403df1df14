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

const times = (v: Summary) => ({
  createdAt: v.createdAt.toISOString(),
  activatedAt: v.activatedAt?.toISOString() ?? null,
});

/** One version with its document and source, as `GET /policy` answers. */
export async function presentPolicyVersion(db: Db, v: PolicyVersion) {
  const ref = await refsOf(db, [v]);
  return {
    version: v.version,
    name: v.name,
    title: v.title,
    sha256: v.sha256,
    active: v.active,
    ...times(v),
    createdBy: ref(v.createdBy),
    activatedBy: ref(v.activatedBy),
    document: v.document,
    source: v.source,
  };
}

/** The list of versions, newest first, without documents. */
export async function presentPolicyVersions(db: Db, versions: Summary[]) {
  const ref = await refsOf(db, versions);
  return versions.map((v) => ({
    version: v.version,
    name: v.name,
    title: v.title,
    sha256: v.sha256,
    active: v.active,
    ...times(v),
    createdBy: ref(v.createdBy),
    activatedBy: ref(v.activatedBy),
  }));
}
