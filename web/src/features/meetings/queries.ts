import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { Meetings } from '../../api/types.ts';

/** The incident's meetings; invitations, cancellations and minutes announce the incident (app/live.ts). */
export const meetingsQuery = (key: string) =>
  queryOptions({
    queryKey: ['incident', key, 'meetings'],
    queryFn: () => get<Meetings>(`/incidents/${key}/meetings`),
  });
