import { and, asc, desc, eq, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { auditLog } from '../audit/tables.ts';
import { events } from '../intake/tables.ts';
import type { Tx } from '../platform/db/client.ts';
import { inUuids } from '../platform/db/in-list.ts';
import { escalationCursor, escalationRuns, escalationSteps, pages } from './tables.ts';

export type RunRow = typeof escalationRuns.$inferSelect;
export type StepRow = typeof escalationSteps.$inferSelect;
export type PageRow = typeof pages.$inferSelect;

export interface AuditEntryLite {
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  incidentId: string | null;
  data: Record<string, unknown>;
}

export async function readCursor(tx: Tx, name: string, lock: boolean): Promise<number | undefined> {
  const q = tx
    .select({ seq: escalationCursor.seq })
    .from(escalationCursor)
    .where(eq(escalationCursor.name, name));
  const [row] = lock ? await q.for('update') : await q;
  return row?.seq;
}

export async function ensureCursor(tx: Tx, name: string): Promise<void> {
  await tx
    .insert(escalationCursor)
    .values({ name, seq: sql`(select coalesce(max(${auditLog.seq}), 0) from ${auditLog})` })
    .onConflictDoNothing();
}

export async function moveCursor(tx: Tx, name: string, seq: number): Promise<void> {
  await tx.update(escalationCursor).set({ seq }).where(eq(escalationCursor.name, name));
}

/** Audit entries after `seq` with one of the actions the dispatcher reacts to, in order. */
export function auditEntriesAfter(
  tx: Tx,
  seq: number,
  actions: readonly string[],
  limit: number,
): Promise<AuditEntryLite[]> {
  return tx
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actorId: auditLog.actorId,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      incidentId: auditLog.incidentId,
      data: auditLog.data,
    })
    .from(auditLog)
    .where(and(gt(auditLog.seq, seq), inArray(auditLog.action, [...actions])))
    .orderBy(asc(auditLog.seq))
    .limit(limit);
}

export async function insertRun(
  tx: Tx,
  row: typeof escalationRuns.$inferInsert,
): Promise<RunRow | undefined> {
  const [inserted] = await tx.insert(escalationRuns).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findRun(tx: Tx, id: string, lock = false): Promise<RunRow | undefined> {
  const q = tx.select().from(escalationRuns).where(eq(escalationRuns.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateRun(tx: Tx, id: string, set: Partial<typeof escalationRuns.$inferInsert>) {
  await tx.update(escalationRuns).set(set).where(eq(escalationRuns.id, id));
}

export const runsOfSubject = (tx: Tx, where: { incidentId?: string; eventId?: string }) =>
  tx
    .select()
    .from(escalationRuns)
    .where(
      where.incidentId
        ? eq(escalationRuns.incidentId, where.incidentId)
        : eq(escalationRuns.eventId, where.eventId ?? ''),
    )
    .orderBy(asc(escalationRuns.startedAt), asc(escalationRuns.auditSeq));

export async function insertStep(
  tx: Tx,
  row: typeof escalationSteps.$inferInsert,
): Promise<StepRow | undefined> {
  const [inserted] = await tx.insert(escalationSteps).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findStep(tx: Tx, id: string, lock = false): Promise<StepRow | undefined> {
  const q = tx.select().from(escalationSteps).where(eq(escalationSteps.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateStep(tx: Tx, id: string, set: Partial<typeof escalationSteps.$inferInsert>) {
  const [row] = await tx.update(escalationSteps).set(set).where(eq(escalationSteps.id, id)).returning();
  if (!row) throw new Error('update step returned nothing');
  return row;
}

export async function stepsOfRuns(tx: Tx, runIds: readonly string[]): Promise<StepRow[]> {
  if (runIds.length === 0) return [];
  return tx
    .select()
    .from(escalationSteps)
    .where(inUuids(escalationSteps.runId, runIds))
    .orderBy(asc(escalationSteps.idx));
}

export async function insertPage(
  tx: Tx,
  row: typeof pages.$inferInsert,
): Promise<{ row: PageRow; created: boolean }> {
  const [inserted] = await tx.insert(pages).values(row).onConflictDoNothing().returning();
  if (inserted) return { row: inserted, created: true };
  const [existing] = await tx.select().from(pages).where(eq(pages.key, row.key));
  if (!existing) throw new Error('page neither inserted nor found');
  return { row: existing, created: false };
}

export async function findPage(tx: Tx, id: string, lock = false): Promise<PageRow | undefined> {
  const q = tx.select().from(pages).where(eq(pages.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updatePage(
  tx: Tx,
  id: string,
  set: Partial<typeof pages.$inferInsert>,
): Promise<PageRow> {
  const [row] = await tx.update(pages).set(set).where(eq(pages.id, id)).returning();
  if (!row) throw new Error('update page returned nothing');
  return row;
}

export const pagesOfStep = (tx: Tx, stepRowId: string) =>
  tx.select().from(pages).where(eq(pages.stepRowId, stepRowId)).orderBy(asc(pages.ord));

export async function pagesOfRuns(tx: Tx, runIds: readonly string[]): Promise<PageRow[]> {
  if (runIds.length === 0) return [];
  return tx.select().from(pages).where(inUuids(pages.runId, runIds)).orderBy(asc(pages.ord));
}

export interface PageFilter {
  state?: 'open' | 'acknowledged' | undefined;
  userIds?: readonly string[] | undefined;
  teamKeys?: readonly string[] | undefined;
  incidentId?: string | undefined;
  before?: number | undefined;
  limit: number;
}

export function listPageRows(tx: Tx, f: PageFilter): Promise<PageRow[]> {
  const where: SQL[] = [];
  if (f.state) where.push(eq(pages.state, f.state));
  if (f.incidentId) where.push(eq(pages.incidentId, f.incidentId));
  if (f.before) where.push(lt(pages.ord, f.before));
  if (f.userIds || f.teamKeys) {
    const mine: SQL[] = [];
    if (f.userIds && f.userIds.length > 0) mine.push(inUuids(pages.userId, f.userIds));
    if (f.teamKeys && f.teamKeys.length > 0) mine.push(inArray(pages.teamKey, [...f.teamKeys]));
    if (mine.length === 0) return Promise.resolve([]);
    where.push(mine.length === 1 && mine[0] ? mine[0] : sql`(${sql.join(mine, sql` or `)})`);
  }
  return tx
    .select()
    .from(pages)
    .where(and(...where))
    .orderBy(desc(pages.ord))
    .limit(f.limit);
}

/** Moves an event's escalation onto the incident it became part of. */
export async function linkEventToIncident(tx: Tx, eventId: string, incidentId: string): Promise<void> {
  await tx.update(escalationRuns).set({ incidentId }).where(eq(escalationRuns.eventId, eventId));
  await tx.update(pages).set({ incidentId }).where(eq(pages.eventId, eventId));
}

/** Whether an event (by reference) started any escalation: only then do its disposition events matter. */
export async function eventHasRuns(tx: Tx, ref: string): Promise<boolean> {
  const rows = await tx.execute(sql`select 1 from ${escalationRuns} r join ${events} e on e.id = r.event_id
    where e.ref = ${ref} limit 1`);
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows;
  return list.length > 0;
}
