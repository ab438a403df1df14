import { usersByIds } from '../access/store.ts';
import type { Person } from '../app/api-types-directory.ts';
import type { Tx } from '../platform/db/client.ts';
import { listPositionRows, type PersonRow, peopleByIds, teamsOfPeople } from './store.ts';

/** People with their supervisor, teams, positions and account, in a fixed number of queries. */
export async function presentPeople(tx: Tx, rows: PersonRow[]): Promise<Person[]> {
  const ids = rows.map((r) => r.id);
  const [members, positions, supervisors, accounts] = await Promise.all([
    teamsOfPeople(tx, ids),
    listPositionRows(tx),
    peopleByIds(
      tx,
      rows.flatMap((r) => (r.supervisorId ? [r.supervisorId] : [])),
    ),
    usersByIds(
      tx,
      rows.flatMap((r) => (r.userId ? [r.userId] : [])),
    ),
  ]);
  return rows.map((r) => ({
    handle: r.handle,
    name: r.name,
    title: r.title,
    email: r.email,
    phone: r.phone,
    chatHandle: r.chatHandle,
    username: r.userId ? (accounts.get(r.userId)?.username ?? null) : null,
    userId: r.userId,
    supervisor: r.supervisorId ? (supervisors.get(r.supervisorId)?.handle ?? null) : null,
    teams: members.filter((m) => m.personId === r.id).map((m) => m.teamKey),
    positions: positions.filter((p) => p.personId === r.id).map((p) => p.position),
    timeZone: r.timeZone,
    avoidChannels: r.avoidChannels,
    unavailableUntil: r.unavailableUntil?.toISOString() ?? null,
    unavailableReason: r.unavailableReason,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function presentPerson(tx: Tx, row: PersonRow): Promise<Person> {
  const [view] = await presentPeople(tx, [row]);
  if (!view) throw new Error('present returned nothing');
  return view;
}
