import type { AlertSourceRow } from './store.ts';

/** Explicit whitelist: a source's token hash never leaves the server. */
export function presentSource(s: AlertSourceRow) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    description: s.description,
    prefix: s.prefix,
    createdAt: s.createdAt.toISOString(),
    revokedAt: s.revokedAt?.toISOString() ?? null,
  };
}
