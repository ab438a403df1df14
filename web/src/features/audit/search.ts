import { searchText } from '../../lib/search-params.ts';
/** Audit filters in the URL. */
export type AuditSearch = { action?: string; actorId?: string; incidentKey?: string };

export function parseAuditSearch(s: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  const action = searchText(s.action, 100);
  if (action) out.action = action;
  const actorId = searchText(s.actorId, 36);
  if (actorId && /^[0-9a-f-]{36}$/i.test(actorId)) out.actorId = actorId;
  const incidentKey = searchText(s.incidentKey, 64);
  if (incidentKey) out.incidentKey = incidentKey;
  return out;
}
