import { Stack, Tabs, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { Needs } from '../../app/needs.tsx';
import { useCan } from '../../app/session.tsx';
import { ChannelsSection } from './channels-section.tsx';
import { DeliveriesSection } from './deliveries-section.tsx';
import type { DeliveryLogSearch } from './search.ts';

const route = getRouteApi('/app/notifications');

/** The delivery log's part of the page's URL. */
const deliveryFilter = ({ tab: _tab, ...filter }: { tab?: string } & DeliveryLogSearch): DeliveryLogSearch =>
  filter;
export const NOTIFICATION_ADMINS = ['users.manage', 'audit.read'] as const;

/** Administration of notifications: the channels (users.manage) and the delivery log (audit.read). */
export function NotificationsPage() {
  return (
    <Needs permission={NOTIFICATION_ADMINS} title="Channels and deliveries">
      <NotificationsScreen />
    </Needs>
  );
}

function NotificationsScreen() {
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const mayChannels = can('users.manage');
  const mayLog = can('audit.read');
  const tab = search.tab === 'channels' && mayChannels ? 'channels' : mayLog ? 'deliveries' : 'channels';
  return (
    <Stack gap="md">
      <Title order={1}>Channels and deliveries</Title>
      <Tabs
        value={tab}
        onChange={(v) =>
          navigate({ search: { tab: v === 'channels' ? 'channels' : 'deliveries' }, replace: true })
        }
        keepMounted={false}
      >
        <Tabs.List>
          {mayLog && <Tabs.Tab value="deliveries">Deliveries</Tabs.Tab>}
          {mayChannels && <Tabs.Tab value="channels">Channels</Tabs.Tab>}
        </Tabs.List>
        {mayLog && (
          <Tabs.Panel value="deliveries" pt="md">
            <DeliveriesSection
              filter={deliveryFilter(search)}
              onFilter={(filter) => navigate({ search: { tab: 'deliveries', ...filter }, replace: true })}
            />
          </Tabs.Panel>
        )}
        {mayChannels && (
          <Tabs.Panel value="channels" pt="md">
            <ChannelsSection />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
