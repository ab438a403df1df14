import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { createContext, type ReactNode, useContext, useEffect, useRef } from 'react';
import { ApiError, api, onUnauthorized } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { FullPageError, FullPageLoader } from './full-page.tsx';

/** Who is signed in: `null` when nobody is (the API answered 401). */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      return (await api<{ user: Me }>('GET', '/auth/me', { expectUnauthorized: true })).user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

const SessionContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside the signed-in part of the app');
  return me;
}

/** Permission names are the server's verbs (incident.close …); the server still checks every call. */
export function useCan(): (permission: string) => boolean {
  const me = useMe();
  return (permission) => me.permissions.includes(permission);
}

/** A same-site path to return to after signing in; anything else (another origin) is dropped. */
export function safeRedirect(target: string | undefined): string {
  return target?.startsWith('/') && !target.startsWith('//') && !target.startsWith('/sign-in') ? target : '/';
}

/**
 * The signed-in part of the app. When the session ends (it expired, or was signed out elsewhere) any call
 * answers 401: the cached data of that user is dropped and the person is sent to sign in, with a message
 * and the way back to where they were. Forms keep their drafts (lib/draft.ts).
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  const navigate = useNavigate();
  const hadUser = useRef(false);
  const redirecting = useRef(false);
  if (me.data) hadUser.current = true;

  useEffect(
    () =>
      onUnauthorized(() => {
        if (queryClient.getQueryData(meQuery.queryKey)) queryClient.setQueryData(meQuery.queryKey, null);
      }),
    [queryClient],
  );

  const ended = me.data === null;
  useEffect(() => {
    if (!ended || redirecting.current) return;
    // Once only: while the sign-in screen loads, this layout may render again.
    redirecting.current = true;
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    const here = `${window.location.pathname}${window.location.search}`;
    void navigate({
      to: '/sign-in',
      search: { redirect: safeRedirect(here), ...(hadUser.current ? { reason: 'expired' as const } : {}) },
      replace: true,
    });
  }, [ended, queryClient, navigate]);

  if (me.isPending) return <FullPageLoader label="Checking your session…" />;
  if (me.isError) return <FullPageError error={me.error} retry={() => me.refetch()} />;
  if (me.data === null) return <FullPageLoader label="Taking you to sign in…" />;
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}
