import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Delivery } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { InlineLoader } from '../../app/inline-loader.tsx';
import { AnchorLink } from '../../app/links.tsx';
import { formatTime } from '../../lib/time.ts';
import { inboxQuery } from './queries.ts';

/**
 * The signed-in person's notifications inside Cordon: what was sent to them through the app, and what
 * reached their teams' queues. Newest first, 50 at a time ("Show older" loads the next ones); unread ones stand
 * out until marked read. "Mark all as read" marks the unread ones loaded.
 */
export function InboxPage() {
  const queryClient = useQueryClient();
  const inbox = useInfiniteQuery(inboxQuery);
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = items.filter((d) => !d.readAt);
  const markAll = useMutation({
    mutationFn: async () => {
      for (const d of unread) await post<void>(`/notifications/inbox/${d.id}/read`);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['inbox'] }),
  });
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Inbox</Title>
        {unread.length > 0 && (
          <Button variant="default" loading={markAll.isPending} onClick={() => markAll.mutate()}>
            Mark all {unread.length} as read
          </Button>
        )}
      </Group>
      <ErrorAlert error={inbox.error ?? markAll.error} title="The inbox could not be loaded" />
      {inbox.isPending && <InlineLoader label="Loading your notifications…" />}
      {inbox.isSuccess && items.length === 0 && !inbox.hasNextPage && (
        <Text>Nothing yet. Notifications sent to you in Cordon, and to your teams' queues, show here.</Text>
      )}
      <Stack
        gap="sm"
        component="ul"
        aria-label="Notifications"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {items.map((d) => (
          <li key={d.id}>
            <InboxItem delivery={d} />
          </li>
        ))}
      </Stack>
      {inbox.hasNextPage && (
        <Group>
          <Button variant="default" loading={inbox.isFetchingNextPage} onClick={() => inbox.fetchNextPage()}>
            Show older
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function InboxItem({ delivery: d }: { delivery: Delivery }) {
  const queryClient = useQueryClient();
  const read = useMutation({
    mutationFn: () => post<void>(`/notifications/inbox/${d.id}/read`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['inbox'] }),
  });
  const unread = !d.readAt;
  return (
    <Paper
      withBorder
      p="sm"
      data-inbox-item={d.id}
      data-unread={unread}
      style={unread ? { borderLeft: '4px solid var(--mantine-color-indigo-8)' } : undefined}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            {unread && (
              <Badge color={COLORS.accent} variant="filled" size="sm">
                New
              </Badge>
            )}
            {d.channel === 'queue' && (
              <Badge color="gray.8" variant="outline" size="sm" style={{ textTransform: 'none' }}>
                Queue: {d.recipient}
              </Badge>
            )}
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {d.subject}
            </Text>
          </Group>
          <Text size="xs">
            <time dateTime={d.createdAt}>{formatTime(d.createdAt)}</time>
          </Text>
        </Group>
        <Text size="sm" className="pre-wrap" lineClamp={4}>
          {d.body}
        </Text>
        <Group gap="sm">
          {d.incidentKey && (
            <AnchorLink to="/incidents/$key" params={{ key: d.incidentKey }} size="sm">
              Open {d.incidentKey}
            </AnchorLink>
          )}
          {unread && (
            <Button
              size="compact-sm"
              variant="default"
              loading={read.isPending}
              onClick={() => read.mutate()}
            >
              Mark as read<span className="visually-hidden">: {d.subject}</span>
            </Button>
          )}
        </Group>
        <ErrorAlert error={read.error} title="Not marked as read" />
      </Stack>
    </Paper>
  );
}
