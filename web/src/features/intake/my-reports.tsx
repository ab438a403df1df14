import { Badge, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { CordonEvent, Page } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';

export const STATUS_LABEL: Record<CordonEvent['status'], string> = {
  awaiting_triage: 'Awaiting triage',
  dismissed: 'Dismissed',
  merged: 'Merged into an incident',
  promoted: 'Became an incident',
};

/** The reports this person made or filed, with what became of them. */
export function MyReports() {
  const me = useMe();
  const events = useQuery({
    queryKey: ['events', 'mine'],
    queryFn: () => get<Page<CordonEvent>>('/events', { limit: 50 }),
  });
  const mine = (events.data?.items ?? []).filter(
    (e) => e.filedBy?.id === me.id || e.reporter.userId === me.id,
  );
  return (
    <Stack gap="xs" mt="lg">
      <Title order={2} size="h3">
        Your recent reports
      </Title>
      <ErrorAlert error={events.error} title="Your reports could not be loaded" />
      {events.isSuccess && mine.length === 0 && <Text>You have not reported anything yet.</Text>}
      {mine.slice(0, 10).map((e) => (
        <Paper key={e.ref} withBorder p="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text fw={600}>{e.title}</Text>
            <Badge variant="outline" color="gray.8">
              {STATUS_LABEL[e.status]}
            </Badge>
          </Group>
          <Text size="sm">
            <Code>{e.ref}</Code> · reported {formatTime(e.createdAt)}
            {e.onBehalfOfCustomer && e.reporter.name ? ` · for ${e.reporter.name}` : ''}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
