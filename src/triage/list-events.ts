import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { can } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { incidentsTable, visibleIncidentsSql } from '../incidents/index.ts';
import { type EventRow, type EventView, presentEvents } from '../intake/present.ts';
import { findEventByRef } from '../intake/store.ts';
import { events } from '../intake/tables.ts';
import type { Tx } from '../platform/db/client.ts';
import { inUuids } from '../platform/db/in-list.ts';
import { containsPattern } from '../platform/db/like.ts';
import { AppError } from '../platform/errors.ts';
import { getActivePolicy } from '../policy/versions.ts';
import type { ListEventsQuery } from './schemas.ts';

/**
 * Who sees an event: triagers (event.read) see all, except events that now belong to a restricted incident
 * they may not see; reporters see the events they reported or filed.
 */
async function eventVisibility(tx: Tx, actor: Actor): Promise<SQL | undefined> {
  const mine = sql`(${events.filedBy} = ${actor.userId ?? '00000000-0000-0000-0000-000000000000'} or ${events.reporter}->>'userId' = ${actor.userId ?? ''})`;
  if (!can(actor, 'event.read')) return mine;
  const policy = await getActivePolicy(tx);
  const incidentVisible = visibleIncidentsSql(actor, policy.document);
  if (!incidentVisible) return undefined;
  return sql`(${events.incidentId} is null or ${mine} or exists (
    select 1 from ${incidentsTable} where ${incidentsTable.id} = ${events.incidentId} and ${incidentVisible}))`;
}

async function incidentKeysFor(tx: Tx, rows: EventRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.incidentId ? [r.incidentId] : [])))];
  if (ids.length === 0) return new Map();
  const found = await tx
    .select({ id: incidentsTable.id, key: incidentsTable.key })
    .from(incidentsTable)
    .where(inUuids(incidentsTable.id, ids));
  return new Map(found.map((f) => [f.id, f.key]));
}

/** Events, newest first, by status; the triage queue is `status=awaiting_triage`. */
export async function listEvents(deps: Pick<AppDeps, 'db'>, actor: Actor, query: ListEventsQuery) {
  const rows = await deps.db
    .select()
    .from(events)
    .where(
      and(
        await eventVisibility(deps.db, actor),
        query.status ? eq(events.status, query.status) : undefined,
        query.cursor ? lt(events.ref, query.cursor) : undefined,
        query.q
          ? sql`(${events.title} ilike ${containsPattern(query.q)} or ${events.ref} = upper(${query.q}))`
          : undefined,
      ),
    )
    .orderBy(desc(events.ref))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await presentEvents(deps.db, page, await incidentKeysFor(deps.db, page)),
    nextCursor: rows.length > query.limit && last ? last.ref : null,
  };
}

/** @throws event.not_found (also for events the actor may not see) */
export async function getEvent(deps: Pick<AppDeps, 'db'>, actor: Actor, ref: string): Promise<EventView> {
  const row = await findEventByRef(deps.db, ref);
  const visibility = await eventVisibility(deps.db, actor);
  const visible =
    row &&
    (!visibility ||
      (
        await deps.db
          .select({ one: sql`1` })
          .from(events)
          .where(and(eq(events.id, row.id), visibility))
      ).length > 0);
  if (!row || !visible)
    throw new AppError('event.not_found', `Event ${ref} does not exist or you are not allowed to see it.`);
  const [view] = await presentEvents(deps.db, [row], await incidentKeysFor(deps.db, [row]));
  if (!view) throw new Error('present returned nothing');
  return view;
}

export { incidentKeysFor };
