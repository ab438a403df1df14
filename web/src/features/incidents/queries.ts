import { keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import { ApiError, get } from '../../api/client.ts';
import type { Incident, Page, Rca, TimelineEntry } from '../../api/types.ts';
import type { IncidentSearch } from './search.ts';

export const incidentQuery = (key: string) =>
  queryOptions({ queryKey: ['incident', key], queryFn: () => get<Incident>(`/incidents/${key}`) });

export const PAGE_SIZE = 25;

export const incidentsQuery = (search: IncidentSearch & { limit?: number; assignee?: string }) =>
  queryOptions({
    queryKey: ['incidents', search],
    queryFn: ({ signal }) => get<Page<Incident>>('/incidents', { limit: PAGE_SIZE, ...search }, signal),
    placeholderData: keepPreviousData,
  });

export const openIncidentsQuery = incidentsQuery({ open: 'true', limit: 200 });

export const rcaQuery = (key: string) =>
  queryOptions({
    queryKey: ['incident', key, 'rca'],
    queryFn: async (): Promise<Rca | null> => {
      try {
        return await get<Rca>(`/incidents/${key}/rca`);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'rca.not_found') return null;
        throw error;
      }
    },
  });

/**
 * The timeline is append-only, so a refetch (after a live notice) asks only for entries after the last one
 * held: an incident with 5,000 entries costs one small request per change, not 5,000 entries.
 */
export const timelineQuery = (queryClient: QueryClient, key: string) =>
  queryOptions({
    queryKey: ['incident', key, 'timeline'],
    queryFn: async ({ signal }): Promise<TimelineEntry[]> => {
      const held = queryClient.getQueryData<TimelineEntry[]>(['incident', key, 'timeline']) ?? [];
      let cursor = held.at(-1)?.seq ?? 0;
      const added: TimelineEntry[] = [];
      for (;;) {
        const page = await get<Page<TimelineEntry>>(
          `/incidents/${key}/timeline`,
          { cursor, limit: 500 },
          signal,
        );
        added.push(...page.items);
        if (!page.nextCursor) break;
        cursor = Number(page.nextCursor);
      }
      return added.length > 0 ? [...held, ...added] : held;
    },
    structuralSharing: false,
  });
