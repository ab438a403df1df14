import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { Person, Position, Team } from '../../api/types.ts';

/**
 * Reading the directory (phone numbers included) is for responders and administrators; changing it needs
 * `users.manage` (src/directory/people.ts). The same any-of list opens the directory and on-call screens.
 */
export const DIRECTORY_READERS = ['incident.read', 'users.manage', 'event.triage'] as const;
export const canReadDirectory = (permissions: readonly string[]) =>
  DIRECTORY_READERS.some((p) => permissions.includes(p));

export const peopleQuery = queryOptions({
  queryKey: ['directory', 'people'],
  queryFn: () => get<{ items: Person[] }>('/directory/people'),
});

export const teamsQuery = queryOptions({
  queryKey: ['directory', 'teams'],
  queryFn: () => get<{ items: Team[] }>('/directory/teams'),
});

export const positionsQuery = queryOptions({
  queryKey: ['directory', 'positions'],
  queryFn: () => get<{ items: Position[] }>('/directory/positions'),
});

/** People as choices for a select: "Maria Lopez (maria.lopez)". */
export const personOptions = (people: Person[] | undefined) =>
  (people ?? []).map((p) => ({ value: p.handle, label: `${p.name} (${p.handle})` }));

export const nameOfHandle = (people: Person[] | undefined, handle: string | null) =>
  handle ? (people?.find((p) => p.handle === handle)?.name ?? handle) : '—';

/** The channels a person may ask not to be paged by, in words (docs/escalation.md, Directory). */
export const AVOIDABLE_CHANNELS: { value: Person['avoidChannels'][number]; label: string; short: string }[] =
  [
    { value: 'email', label: 'E-mail messages', short: 'e-mail' },
    { value: 'chat', label: 'Chat messages', short: 'chat' },
    { value: 'sms', label: 'Text messages (SMS)', short: 'SMS' },
    { value: 'voice', label: 'Voice calls', short: 'voice call' },
  ];
