import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
} from '@tanstack/react-router';
import { NotFound } from './app/not-found.tsx';
import { RouteError } from './app/route-error.tsx';
import { AppLayout } from './app/shell.tsx';
import { parseAuditSearch } from './features/audit/search.ts';
import { parseIncidentSearch } from './features/incidents/search.ts';
import { type DeliveryLogSearch, parseDeliveryLogSearch } from './features/notifications/search.ts';

/**
 * Routes, each screen loaded on demand (code splitting keeps the first load small). Search parameters are
 * validated here, so the incidents view and the audit filters live in the URL and can be bookmarked.
 */
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFound });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (s: Record<string, unknown>): { redirect?: string; reason?: 'expired' | 'signed-out' } => ({
    ...(text(s.redirect) ? { redirect: text(s.redirect) } : {}),
    ...(s.reason === 'expired' || s.reason === 'signed-out' ? { reason: s.reason } : {}),
  }),
  component: lazyRouteComponent(() => import('./features/access/sign-in-page.tsx'), 'SignInPage'),
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  component: lazyRouteComponent(() => import('./features/access/setup-page.tsx'), 'SetupPage'),
});

const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: AppLayout });

const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./features/dashboard/dashboard-page.tsx'), 'DashboardPage'),
});

const reportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/report',
  component: lazyRouteComponent(() => import('./features/intake/report-page.tsx'), 'ReportPage'),
});

const triageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/triage',
  component: lazyRouteComponent(() => import('./features/triage/triage-page.tsx'), 'TriagePage'),
});

const incidentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/incidents',
  validateSearch: parseIncidentSearch,
  component: lazyRouteComponent(() => import('./features/incidents/incidents-page.tsx'), 'IncidentsPage'),
});

const incidentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/incidents/$key',
  validateSearch: (s: Record<string, unknown>): { tab?: 'timeline' | 'escalation' | 'meetings' | 'rca' } =>
    s.tab === 'rca' || s.tab === 'timeline' || s.tab === 'escalation' || s.tab === 'meetings'
      ? { tab: s.tab }
      : {},
  component: lazyRouteComponent(() => import('./features/incidents/incident-page.tsx'), 'IncidentPage'),
});

const policyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/policy',
  component: lazyRouteComponent(() => import('./features/policy/policy-page.tsx'), 'PolicyPage'),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit',
  validateSearch: parseAuditSearch,
  component: lazyRouteComponent(() => import('./features/audit/audit-page.tsx'), 'AuditPage'),
});

const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin',
  component: lazyRouteComponent(() => import('./features/admin/admin-page.tsx'), 'AdminPage'),
});

const pagesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pages',
  validateSearch: (
    s: Record<string, unknown>,
  ): { who?: 'mine' | 'all'; state?: 'open' | 'acknowledged' | 'all' } => ({
    ...(s.who === 'mine' || s.who === 'all' ? { who: s.who } : {}),
    ...(s.state === 'open' || s.state === 'acknowledged' || s.state === 'all' ? { state: s.state } : {}),
  }),
  component: lazyRouteComponent(() => import('./features/escalation/pages-page.tsx'), 'PagesPage'),
});

const directoryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/directory',
  validateSearch: (s: Record<string, unknown>): { tab?: 'people' | 'teams' | 'positions' | 'import' } =>
    s.tab === 'people' || s.tab === 'teams' || s.tab === 'positions' || s.tab === 'import'
      ? { tab: s.tab }
      : {},
  component: lazyRouteComponent(() => import('./features/directory/directory-page.tsx'), 'DirectoryPage'),
});

const onCallRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/oncall',
  component: lazyRouteComponent(() => import('./features/oncall/oncall-page.tsx'), 'OnCallPage'),
});

const slaRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sla',
  validateSearch: (s: Record<string, unknown>): { show?: 'all' } => (s.show === 'all' ? { show: 'all' } : {}),
  component: lazyRouteComponent(() => import('./features/sla/sla-page.tsx'), 'SlaPage'),
});

const queuesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/queues',
  validateSearch: (s: Record<string, unknown>): { team?: string } =>
    typeof s.team === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(s.team) ? { team: s.team } : {},
  component: lazyRouteComponent(() => import('./features/notifications/queues-page.tsx'), 'QueuesPage'),
});

const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/inbox',
  component: lazyRouteComponent(() => import('./features/notifications/inbox-page.tsx'), 'InboxPage'),
});

const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  validateSearch: (s: Record<string, unknown>): { tab?: 'channels' | 'deliveries' } & DeliveryLogSearch => ({
    ...(s.tab === 'channels' || s.tab === 'deliveries' ? { tab: s.tab } : {}),
    ...parseDeliveryLogSearch(s),
  }),
  component: lazyRouteComponent(
    () => import('./features/notifications/notifications-page.tsx'),
    'NotificationsPage',
  ),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  setupRoute,
  appRoute.addChildren([
    dashboardRoute,
    reportRoute,
    triageRoute,
    incidentsRoute,
    incidentRoute,
    policyRoute,
    auditRoute,
    pagesRoute,
    directoryRoute,
    onCallRoute,
    slaRoute,
    queuesRoute,
    inboxRoute,
    notificationsRoute,
    adminRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  scrollRestoration: true,
  defaultErrorComponent: RouteError,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
