import { AppShell, Badge, Burger, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { ApiError, api } from '../api/client.ts';
import { describeError } from '../api/error-alert.tsx';
import { canReadDirectory } from '../features/directory/queries.ts';
import { myOpenPagesQuery } from '../features/escalation/queries.ts';
import { InboxBell } from '../features/notifications/inbox-bell.tsx';
import { clearAllDrafts } from '../lib/draft.ts';
import { COLORS } from './colors.ts';
import { NavLinkLink } from './links.tsx';
import { type LiveState, useLiveUpdates } from './live.ts';
import { SessionGate, useMe } from './session.tsx';

export function AppLayout() {
  return (
    <SessionGate>
      <Shell />
    </SessionGate>
  );
}

type NavItem = { to: string; label: string; show: (p: string[]) => boolean };

const NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', show: () => true },
  { to: '/report', label: 'Report an event', show: () => true },
  { to: '/triage', label: 'Triage queue', show: (p) => p.includes('event.triage') },
  { to: '/incidents', label: 'Incidents', show: (p) => p.includes('incident.read') },
  { to: '/sla', label: 'SLAs', show: (p) => p.includes('incident.read') },
  { to: '/queues', label: 'Team queues', show: (p) => p.includes('incident.read') },
  { to: '/pages', label: 'Pages', show: () => true },
  { to: '/oncall', label: 'On call', show: canReadDirectory },
  { to: '/directory', label: 'Directory', show: canReadDirectory },
  { to: '/policy', label: 'Policy', show: () => true },
  { to: '/audit', label: 'Audit', show: (p) => p.includes('audit.read') },
  {
    to: '/notifications',
    label: 'Channels and deliveries',
    show: (p) => p.includes('users.manage') || p.includes('audit.read'),
  },
  {
    to: '/admin',
    label: 'Administration',
    show: () => true,
  },
];

const LIVE_LABEL: Record<LiveState, { text: string; color: string }> = {
  connecting: { text: 'Connecting…', color: COLORS.neutral },
  live: { text: 'Live', color: COLORS.ok },
  reconnecting: { text: 'Reconnecting…', color: COLORS.warn },
};

function Shell() {
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  const live = useLiveUpdates();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // Moving to another screen moves keyboard and screen-reader focus to its content, and closes the menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of screen (pathname)
  useEffect(() => {
    close();
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname, close]);

  const isActive = (to: string) => (to === '/' ? pathname === '/' : pathname.startsWith(to));
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close the menu' : 'Open the menu'}
            />
            <Title order={2} size="h4" component="p">
              Cordon
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <InboxBell />
            <Badge color={LIVE_LABEL[live].color} variant="filled" aria-live="polite">
              {LIVE_LABEL[live].text}
            </Badge>
            <Text size="sm" visibleFrom="xs" truncate maw={180}>
              {me.name}
            </Text>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <Stack gap={2} component="nav" aria-label="Screens">
          {NAV.filter((n) => n.show(me.permissions)).map((n) => (
            <NavLinkLink
              key={n.to}
              to={n.to}
              label={n.label}
              active={isActive(n.to)}
              aria-current={isActive(n.to) ? 'page' : undefined}
              {...(n.to === '/pages' ? { rightSection: <OpenPagesCount /> } : {})}
            />
          ))}
        </Stack>
        <Stack gap={4} mt="auto" pt="md">
          <Text size="xs">
            Signed in as <strong>{me.username}</strong>
          </Text>
          <SignOutButton />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" ref={main} tabIndex={-1} style={{ outline: 'none' }}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** How many pages wait for the signed-in person's acknowledgement (refreshed by live notices). */
function OpenPagesCount() {
  const open = useQuery(myOpenPagesQuery);
  const count = open.data?.items.length ?? 0;
  if (count === 0) return null;
  const more = open.data?.nextCursor ? '+' : '';
  return (
    <>
      <Badge color={COLORS.warn} variant="filled" size="sm" aria-hidden>
        {count}
        {more}
      </Badge>
      <span className="visually-hidden">
        {' '}
        ({count}
        {more} not acknowledged)
      </span>
    </>
  );
}

function SignOutButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = async () => {
    try {
      await api('POST', '/auth/sign-out', { body: {}, expectUnauthorized: true });
    } catch (error) {
      // A session that already ended is as good as signed out.
      if (!(error instanceof ApiError && error.status === 401)) {
        const { code, message } = describeError(error);
        notifications.show({ color: 'red', title: `Sign-out failed (${code})`, message });
        return;
      }
    }
    clearAllDrafts();
    await navigate({ to: '/sign-in', search: { reason: 'signed-out' } });
    queryClient.clear();
  };
  return (
    <Button variant="default" size="xs" onClick={signOut}>
      Sign out
    </Button>
  );
}
