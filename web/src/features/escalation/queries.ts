import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { EscalationPage, EscalationRun, Page } from '../../api/types.ts';

/**
 * Pages and escalations. Keys sit under what live notices invalidate (app/live.ts): an incident's under
 * ['incident', key], an event's under ['events'], and ['pages'] on every notice — the server announces each
 * page, delivery and acknowledgement as a change of its incident or event.
 */
export type PagesFilter = { mine: boolean; state: 'open' | 'acknowledged' | 'all' };

export const pagesQuery = (f: PagesFilter) =>
  infiniteQueryOptions({
    queryKey: ['pages', 'list', f],
    queryFn: ({ pageParam, signal }) =>
      get<Page<EscalationPage>>(
        '/pages',
        {
          mine: f.mine,
          limit: 50,
          ...(f.state === 'all' ? {} : { state: f.state }),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The signed-in person's open pages (their own and their teams'): the badge, and who may acknowledge. */
export const myOpenPagesQuery = queryOptions({
  queryKey: ['pages', 'mine-open'],
  queryFn: () => get<Page<EscalationPage>>('/pages', { mine: true, state: 'open', limit: 200 }),
});

export const incidentEscalationsQuery = (key: string) =>
  queryOptions({
    queryKey: ['incident', key, 'escalations'],
    queryFn: () => get<{ items: EscalationRun[] }>(`/incidents/${key}/escalations`),
  });

export const eventEscalationsQuery = (ref: string) =>
  queryOptions({
    queryKey: ['events', ref, 'escalations'],
    queryFn: () => get<{ items: EscalationRun[] }>(`/events/${ref}/escalations`),
  });
