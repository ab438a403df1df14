import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import { userRef } from '../access/present.ts';
import { usersByIds } from '../access/store.ts';
import type { AppDeps } from '../app/deps.ts';
import { incidentsTable, visibleIncidentsSql } from '../incidents/index.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { auditLog } from './tables.ts';

export interface ListAuditQuery {
  action?: string | undefined;
  actorId?: string | undefined;
  incidentKey?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * The audit log, newest first. Entries about a restricted incident are left out for anyone who may not
 * see that incident: need-to-know holds in the audit log too.
 * @throws auth.forbidden
 */
export async function listAudit(deps: Pick<AppDeps, 'db'>, actor: Actor, query: ListAuditQuery) {
  assertCan(actor, 'audit.read');
  const policy = await getActivePolicy(deps.db);
  const visible = visibleIncidentsSql(actor, policy.document);
  const conditions: (SQL | undefined)[] = [
    visible
      ? sql`(${auditLog.incidentId} is null or exists (select 1 from ${incidentsTable} where ${incidentsTable.id} = ${auditLog.incidentId} and ${visible}))`
      : undefined,
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.actorId ? eq(auditLog.actorId, query.actorId) : undefined,
    query.incidentKey
      ? sql`${auditLog.incidentId} = (select ${incidentsTable.id} from ${incidentsTable} where ${incidentsTable.key} = upper(${query.incidentKey}))`
      : undefined,
    query.cursor ? lt(auditLog.seq, Number(query.cursor)) : undefined,
  ];
  const rows = await deps.db
    .select({ entry: auditLog, incidentKey: incidentsTable.key })
    .from(auditLog)
    .leftJoin(incidentsTable, eq(incidentsTable.id, auditLog.incidentId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const users = await usersByIds(
    deps.db,
    page.flatMap((r) => (r.entry.actorId ? [r.entry.actorId] : [])),
  );
  const items = page.map(({ entry: e, incidentKey }) => {
    const user = e.actorId ? users.get(e.actorId) : undefined;
    return {
      seq: e.seq,
      at: e.at.toISOString(),
      actor: user ? userRef(user) : null,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      incidentKey: incidentKey ?? null,
      requestId: e.requestId,
      data: e.data,
      hash: e.hash,
    };
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? String(last.entry.seq) : null };
}
