import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type {
  ChatRoom,
  Comms,
  Delivery,
  DeliveryStatus,
  NotificationChannel,
  Page,
} from '../../api/types.ts';
import type { DeliveryLogSearch } from './search.ts';

/**
 * Notifications: an incident's communications (under ['incident', key], refetched on its live notices),
 * the channels and the delivery log (administration), the signed-in person's inbox and the team queues.
 * app/live.ts refetches ['inbox'], ['deliveries'] and ['queues'] on every notice: each delivery outcome is
 * announced as a change of its incident or event.
 */
export const commsQuery = (key: string) =>
  queryOptions({
    queryKey: ['incident', key, 'out-of-band'],
    queryFn: () => get<Comms>(`/incidents/${key}/out-of-band`),
  });

export const chatRoomQuery = (key: string) =>
  queryOptions({
    queryKey: ['incident', key, 'chat-room'],
    queryFn: () => get<ChatRoom>(`/incidents/${key}/chat-room`),
  });

export const channelsQuery = queryOptions({
  queryKey: ['notification-channels'],
  queryFn: () => get<{ items: NotificationChannel[] }>('/notification-channels'),
});

export type DeliveryFilter = DeliveryStatus | 'all';

/** The delivery log, newest first, filtered as the URL says; refetched every 10 s while something is still on its way. */
export const deliveriesQuery = (filter: DeliveryLogSearch) =>
  infiniteQueryOptions({
    queryKey: ['deliveries', filter],
    queryFn: ({ pageParam, signal }) =>
      get<Page<Delivery>>(
        '/deliveries',
        { limit: 50, ...filter, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) =>
        p.items.some((d) => d.status === 'queued' || d.status === 'sending' || d.status === 'retrying'),
      )
        ? 10_000
        : false,
  });

/** How many deliveries failed for good (up to 200): the dead-letter count shown above the log. */
export const deadCountQuery = queryOptions({
  queryKey: ['deliveries', 'dead-count'],
  queryFn: () => get<Page<Delivery>>('/deliveries', { status: 'dead', limit: 200 }),
});

/**
 * The signed-in person's inbox, newest first, 50 at a time: "Show older" on the inbox page loads the next page.
 * The bell and the inbox page share it, so they count the same unread notifications; a live notice or a read
 * mark refetches every page loaded.
 */
export const inboxQuery = infiniteQueryOptions({
  queryKey: ['inbox'],
  queryFn: ({ pageParam, signal }) =>
    get<Page<Delivery>>(
      '/notifications/inbox',
      { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) },
      signal,
    ),
  initialPageParam: '',
  getNextPageParam: (last) => last.nextCursor ?? undefined,
  refetchInterval: 60_000,
});

export const queueQuery = (team: string) =>
  infiniteQueryOptions({
    queryKey: ['queues', team],
    queryFn: ({ pageParam, signal }) =>
      get<Page<Delivery>>(
        `/queues/${team}`,
        { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
