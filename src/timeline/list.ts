import { and, asc, eq, gt } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { isoUtcSql, type JsonText, userRefSql } from '../platform/db/json-sql.ts';
import { queryRows } from '../platform/db/prepared.ts';
import { timelineEntries } from './tables.ts';

/** Entries of one incident, oldest first, after `afterSeq`. Visibility is checked by the caller. */
export function listTimelineEntries(tx: Tx, incidentId: string, afterSeq: number, limit: number) {
  return tx
    .select()
    .from(timelineEntries)
    .where(and(eq(timelineEntries.incidentId, incidentId), gt(timelineEntries.seq, afterSeq)))
    .orderBy(asc(timelineEntries.seq))
    .limit(limit);
}

/** A timeline entry as the API shows it. */
export interface TimelineItem {
  seq: number;
  kind: string;
  at: string;
  actor: { id: string; name: string; username: string } | null;
  data: Record<string, unknown>;
  hash: string;
}

export interface TimelinePage {
  items: JsonText<TimelineItem>[];
  nextCursor: string | null;
}

const pageSql = `select e.seq, (select row_to_json(v) from (select e.seq, e.kind, ${isoUtcSql('e.at')} as at,
    ${userRefSql('u')} as actor, e.data, e.hash) v)::text as item
  from timeline_entries e left join users u on u.id = e.actor_id
  where e.incident_id = $1 and e.seq > $2 order by e.seq limit $3`;

/**
 * One page of an incident's timeline, oldest first, as JSON text written by PostgreSQL in one prepared
 * statement (entries with their actors' names). Visibility is checked by the caller.
 */
export async function timelinePage(
  tx: Tx,
  incidentId: string,
  afterSeq: number,
  limit: number,
): Promise<TimelinePage> {
  const rows = await queryRows<{ seq: number; item: string }>(tx, {
    text: pageSql,
    values: [incidentId, afterSeq, limit + 1],
    prepare: true,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.item),
    nextCursor: rows.length > limit && last ? String(last.seq) : null,
  };
}
