import { Stack, Tabs, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { Needs } from '../../app/needs.tsx';
import { useCan } from '../../app/session.tsx';
import { ChannelsSection } from './channels-section.tsx';
import { DeliveriesSection } from './deliveries-section.tsx';

const route = getRouteApi('/app/notifications');
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
              status={search.status ?? 'all'}
              onStatus={(status) =>
                navigate({
                  search: { tab: 'deliveries', ...(status === 'all' ? {} : { status }) },
                  replace: true,
                })
              }
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
