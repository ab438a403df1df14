import { searchText } from '../../lib/search-params.ts';
/** The incidents view, kept in the URL so a filtered list can be bookmarked and shared. */
export type IncidentSearch = {
  q?: string;
  severity?: string;
  phase?: string;
  type?: string;
  open?: 'true' | 'false';
  cursor?: string;
};

export function parseIncidentSearch(s: Record<string, unknown>): IncidentSearch {
  const out: IncidentSearch = {};
  const q = searchText(s.q);
  if (q) out.q = q;
  for (const k of ['severity', 'phase', 'type'] as const) {
    const v = searchText(s[k], 64);
    if (v) out[k] = v;
  }
  // Booleans may arrive parsed from the query string (TanStack parses JSON values).
  const open = s.open === true ? 'true' : s.open === false ? 'false' : searchText(s.open);
  if (open === 'true' || open === 'false') out.open = open;
  const cursor = typeof s.cursor === 'number' ? String(s.cursor) : searchText(s.cursor, 18);
  if (cursor && /^\d+$/.test(cursor)) out.cursor = cursor;
  return out;
}
