import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { users } from '../access/tables.ts';
import type { Tx } from '../platform/db/client.ts';
import { inUuids } from '../platform/db/in-list.ts';
import {
  directoryTeams,
  oncallOverrides,
  oncallSchedules,
  people,
  positionHolders,
  roleCovers,
  teamMembers,
} from './tables.ts';

export type PersonRow = typeof people.$inferSelect;
export type TeamRow = typeof directoryTeams.$inferSelect;
export type ScheduleRow = typeof oncallSchedules.$inferSelect;
export type OverrideRow = typeof oncallOverrides.$inferSelect;
export type CoverRow = typeof roleCovers.$inferSelect;

export async function findPersonByHandle(tx: Tx, handle: string): Promise<PersonRow | undefined> {
  const [row] = await tx.select().from(people).where(eq(people.handle, handle.toLowerCase()));
  return row;
}

export async function findPersonById(tx: Tx, id: string): Promise<PersonRow | undefined> {
  const [row] = await tx.select().from(people).where(eq(people.id, id));
  return row;
}

export async function findPersonByUserId(tx: Tx, userId: string): Promise<PersonRow | undefined> {
  const [row] = await tx.select().from(people).where(eq(people.userId, userId));
  return row;
}

/**
 * The person with this chat handle (a Slack member id, or a Mattermost/Teams user name), in one query: a
 * handle is written in the directory with or without its leading '@', as messages mention it either way.
 */
export async function findPersonByChatHandle(tx: Tx, handle: string): Promise<PersonRow | undefined> {
  const bare = handle.replace(/^@/, '');
  const [row] = await tx
    .select()
    .from(people)
    .where(inArray(people.chatHandle, [bare, `@${bare}`]))
    .orderBy(people.handle)
    .limit(1);
  return row;
}

export async function peopleByIds(tx: Tx, ids: readonly string[]): Promise<Map<string, PersonRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx.select().from(people).where(inUuids(people.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function peopleByUserIds(tx: Tx, userIds: readonly string[]): Promise<Map<string, PersonRow>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await tx.select().from(people).where(inUuids(people.userId, unique));
  return new Map(rows.flatMap((r) => (r.userId ? [[r.userId, r] as const] : [])));
}

export const listPeopleRows = (tx: Tx) => tx.select().from(people).orderBy(asc(people.handle));

export async function insertPerson(tx: Tx, row: typeof people.$inferInsert): Promise<PersonRow> {
  const [inserted] = await tx.insert(people).values(row).returning();
  if (!inserted) throw new Error('insert person returned nothing');
  return inserted;
}

export async function updatePersonRow(
  tx: Tx,
  id: string,
  set: Partial<typeof people.$inferInsert>,
): Promise<PersonRow> {
  const [row] = await tx.update(people).set(set).where(eq(people.id, id)).returning();
  if (!row) throw new Error('update person returned nothing');
  return row;
}

export async function teamsOfPeople(tx: Tx, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return tx.select().from(teamMembers).where(inUuids(teamMembers.personId, personIds));
}

/** The teams a person belongs to (their department queues). */
export async function teamsOfPerson(tx: Tx, personId: string): Promise<string[]> {
  const rows = await tx
    .select({ teamKey: teamMembers.teamKey })
    .from(teamMembers)
    .where(eq(teamMembers.personId, personId));
  return rows.map((r) => r.teamKey);
}

export async function setPersonTeams(tx: Tx, personId: string, teamKeys: readonly string[]): Promise<void> {
  await tx.delete(teamMembers).where(eq(teamMembers.personId, personId));
  if (teamKeys.length > 0)
    await tx.insert(teamMembers).values(teamKeys.map((teamKey) => ({ teamKey, personId })));
}

export async function setTeamMembers(tx: Tx, teamKey: string, personIds: readonly string[]): Promise<void> {
  await tx.delete(teamMembers).where(eq(teamMembers.teamKey, teamKey));
  if (personIds.length > 0)
    await tx.insert(teamMembers).values(personIds.map((personId) => ({ teamKey, personId })));
}

export async function teamMemberIds(tx: Tx, teamKey: string): Promise<string[]> {
  const rows = await tx
    .select({ personId: teamMembers.personId })
    .from(teamMembers)
    .where(eq(teamMembers.teamKey, teamKey));
  return rows.map((r) => r.personId);
}

export async function findTeam(tx: Tx, key: string): Promise<TeamRow | undefined> {
  const [row] = await tx.select().from(directoryTeams).where(eq(directoryTeams.key, key));
  return row;
}

export const listTeamRows = (tx: Tx) => tx.select().from(directoryTeams).orderBy(asc(directoryTeams.key));
export const listMemberRows = (tx: Tx) => tx.select().from(teamMembers);

export async function upsertTeam(tx: Tx, row: typeof directoryTeams.$inferInsert): Promise<TeamRow> {
  const [saved] = await tx
    .insert(directoryTeams)
    .values(row)
    .onConflictDoUpdate({
      target: directoryTeams.key,
      set: { name: row.name, email: row.email ?? null, updatedAt: row.updatedAt },
    })
    .returning();
  if (!saved) throw new Error('upsert team returned nothing');
  return saved;
}

export async function findPositionHolder(tx: Tx, position: string) {
  const [row] = await tx.select().from(positionHolders).where(eq(positionHolders.position, position));
  return row;
}

export const listPositionRows = (tx: Tx) =>
  tx.select().from(positionHolders).orderBy(asc(positionHolders.position));

export async function setPositionHolder(tx: Tx, position: string, personId: string | null, at: Date) {
  await tx.delete(positionHolders).where(eq(positionHolders.position, position));
  if (personId) await tx.insert(positionHolders).values({ position, personId, since: at });
}

export async function findSchedule(tx: Tx, key: string): Promise<ScheduleRow | undefined> {
  const [row] = await tx.select().from(oncallSchedules).where(eq(oncallSchedules.key, key));
  return row;
}

export const listScheduleRows = (tx: Tx) =>
  tx.select().from(oncallSchedules).orderBy(asc(oncallSchedules.key));

export async function upsertSchedule(tx: Tx, row: typeof oncallSchedules.$inferInsert): Promise<ScheduleRow> {
  const { key: _key, createdAt: _created, ...set } = row;
  const [saved] = await tx
    .insert(oncallSchedules)
    .values(row)
    .onConflictDoUpdate({ target: oncallSchedules.key, set })
    .returning();
  if (!saved) throw new Error('upsert schedule returned nothing');
  return saved;
}

/** Overrides of a schedule that end after `from` (the ones that can still matter). */
export const listOverrideRows = (tx: Tx, scheduleKey: string, from: Date) =>
  tx
    .select()
    .from(oncallOverrides)
    .where(and(eq(oncallOverrides.scheduleKey, scheduleKey), gt(oncallOverrides.endsAt, from)))
    .orderBy(asc(oncallOverrides.startsAt));

export async function insertOverride(tx: Tx, row: typeof oncallOverrides.$inferInsert): Promise<OverrideRow> {
  const [inserted] = await tx.insert(oncallOverrides).values(row).returning();
  if (!inserted) throw new Error('insert override returned nothing');
  return inserted;
}

export async function deleteOverride(tx: Tx, id: string): Promise<OverrideRow | undefined> {
  const [row] = await tx.delete(oncallOverrides).where(eq(oncallOverrides.id, id)).returning();
  return row;
}

/** Enabled users holding a policy role, by id. */
export async function usersWithRole(tx: Tx, role: string) {
  return tx
    .select({ id: users.id, name: users.name, email: users.email, roles: users.roles })
    .from(users)
    .where(and(sql`${role} = any(${users.roles})`, isNull(users.disabledAt)))
    .orderBy(asc(users.username));
}

export async function usersByIdsLite(tx: Tx, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, { id: string; name: string; email: string | null }>();
  const rows = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(inUuids(users.id, unique), isNull(users.disabledAt)));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertCover(tx: Tx, row: typeof roleCovers.$inferInsert): Promise<CoverRow> {
  const [inserted] = await tx.insert(roleCovers).values(row).returning();
  if (!inserted) throw new Error('insert cover returned nothing');
  return inserted;
}

export async function findCover(tx: Tx, id: string, lock = false): Promise<CoverRow | undefined> {
  const q = tx.select().from(roleCovers).where(eq(roleCovers.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export const activeCoverRows = (tx: Tx, now: Date) =>
  tx
    .select()
    .from(roleCovers)
    .where(and(isNull(roleCovers.endedAt), gt(roleCovers.until, now)))
    .orderBy(asc(roleCovers.startedAt));

export async function endCover(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(roleCovers).set({ endedAt: at }).where(eq(roleCovers.id, id));
}
