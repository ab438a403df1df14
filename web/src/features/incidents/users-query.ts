import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { User } from '../../api/types.ts';

/** People who can be given a role or assigned (needs incident.assign_roles or users.manage). */
export const usersQuery = queryOptions({
  queryKey: ['users'],
  queryFn: () => get<{ items: User[] }>('/users'),
  staleTime: 60_000,
});
