import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { meQuery } from './session.tsx';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

type Change = { kind: 'incident'; key: string } | { kind: 'event'; ref: string };
type Message =
  | { type: 'change'; change: Change }
  | { type: 'state'; state: LiveState }
  | { type: 'resync' }
  | { type: 'refused' }
  | { type: 'hello' };

/**
 * Applies a batch of change notices: every query that may show the changed thing is refetched through
 * the API (the stream says *what* changed, never the data, and is already filtered by need-to-know).
 * Timelines refetch incrementally (features/incidents/queries.ts), so a 5,000-entry timeline only fetches
 * the new entries.
 */
export function applyChanges(queryClient: QueryClient, changes: Change[]): void {
  const incidents = new Set<string>();
  for (const c of changes) if (c.kind === 'incident') incidents.add(c.key);
  for (const key of incidents) void queryClient.invalidateQueries({ queryKey: ['incident', key] });
  if (incidents.size > 0) void queryClient.invalidateQueries({ queryKey: ['incidents'] });
  // Events change with their incidents too (a promoted or merged event).
  void queryClient.invalidateQueries({ queryKey: ['events'] });
  // Pages belong to an incident or an event; escalation announces each page, delivery and acknowledgement
  // as a change of its subject. So do the delivery worker and the team queues: the inbox, the delivery log
  // and the queues follow every notice. SLA timers announce their incident; the overview follows it.
  void queryClient.invalidateQueries({ queryKey: ['pages'] });
  void queryClient.invalidateQueries({ queryKey: ['inbox'] });
  void queryClient.invalidateQueries({ queryKey: ['deliveries'] });
  void queryClient.invalidateQueries({ queryKey: ['queues'] });
  if (incidents.size > 0) void queryClient.invalidateQueries({ queryKey: ['sla'] });
}

const CHANNEL = 'cordon-live';

/**
 * Live updates for the signed-in tab. A browser allows only six HTTP/1.1 connections per server, so the tabs
 * of one browser share one stream: the tab holding the `cordon-live` Web Lock opens the EventSource and
 * relays notices to the others over a BroadcastChannel; when it closes, another tab takes over. Where Web
 * Locks are missing (plain HTTP is not a secure context) each tab opens its own stream.
 *
 * Notices are batched for 100 ms, so a burst costs one refetch per query. After a reconnect everything is
 * refetched (notices sent while disconnected are lost). A refused stream (the session ended) makes the tab
 * check its session, which sends the person to sign in.
 */
export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    let pending: Change[] = [];
    let flush: ReturnType<typeof setTimeout> | null = null;
    let leading = false;
    let leaderState: LiveState = 'connecting';
    const receive = (message: Message) => {
      if (message.type === 'hello') {
        // A tab that just opened asks how the stream is doing; only the leader answers.
        if (leading) channel?.postMessage({ type: 'state', state: leaderState } satisfies Message);
      } else if (message.type === 'state') setState(message.state);
      else if (message.type === 'resync')
        void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      else if (message.type === 'refused') void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      else {
        pending.push(message.change);
        flush ??= setTimeout(() => {
          const batch = pending;
          pending = [];
          flush = null;
          applyChanges(queryClient, batch);
        }, 100);
      }
    };
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    if (channel) channel.onmessage = (e: MessageEvent<Message>) => receive(e.data);
    // The leader tells this tab and the others.
    const tell = (message: Message) => {
      if (message.type === 'state') leaderState = message.state;
      receive(message);
      channel?.postMessage(message);
    };

    const stop = new AbortController();
    const lead = (takeover: boolean) => {
      leading = true;
      return streamUntil(stop.signal, tell, takeover);
    };
    const locks = navigator.locks;
    if (locks && channel) {
      channel.postMessage({ type: 'hello' } satisfies Message);
      // Lead at once if no tab does; otherwise wait to take over when the leading tab closes.
      void locks
        .request(CHANNEL, { ifAvailable: true }, async (lock) => {
          if (!lock) return false;
          await lead(false);
          return true;
        })
        .then((led) =>
          led || stop.signal.aborted
            ? undefined
            : locks.request(CHANNEL, { signal: stop.signal }, () => lead(true)),
        )
        .catch(() => {});
    } else {
      void lead(false);
    }
    return () => {
      stop.abort();
      channel?.close();
      if (flush) clearTimeout(flush);
    };
  }, [queryClient]);
  return state;
}

/**
 * Holds the EventSource open until `signal` aborts, reconnecting after refusals. A tab taking over from one
 * that closed refetches everything once connected: notices sent in between reached nobody.
 */
function streamUntil(signal: AbortSignal, tell: (m: Message) => void, takeover: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let wasOpen = takeover;
    const connect = () => {
      tell({ type: 'state', state: wasOpen ? 'reconnecting' : 'connecting' });
      source = new EventSource('/api/v1/stream');
      source.addEventListener('open', () => {
        if (wasOpen) tell({ type: 'resync' });
        wasOpen = true;
        tell({ type: 'state', state: 'live' });
      });
      source.addEventListener('change', (e) => {
        try {
          tell({ type: 'change', change: JSON.parse((e as MessageEvent<string>).data) as Change });
        } catch {
          // A malformed notice is skipped; the next one refetches anyway.
        }
      });
      source.addEventListener('error', () => {
        tell({ type: 'state', state: 'reconnecting' });
        if (source?.readyState === EventSource.CLOSED) {
          // Refused (e.g. 401): EventSource gives up on its own; check the session, try again later.
          tell({ type: 'refused' });
          source.close();
          retry = setTimeout(connect, 5000);
        }
      });
    };
    signal.addEventListener('abort', () => {
      if (retry) clearTimeout(retry);
      source?.close();
      resolve();
    });
    connect();
  });
}
