/** Audit filters in the URL. */
export type AuditSearch = { action?: string; actorId?: string; incidentKey?: string };

const text = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.trim().length > 0 ? v.trim().slice(0, max) : undefined;

export function parseAuditSearch(s: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  const action = text(s.action, 100);
  if (action) out.action = action;
  const actorId = text(s.actorId, 36);
  if (actorId && /^[0-9a-f-]{36}$/i.test(actorId)) out.actorId = actorId;
  const incidentKey = text(s.incidentKey, 64);
  if (incidentKey) out.incidentKey = incidentKey;
  return out;
}
