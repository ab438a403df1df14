import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CordonEvent, PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { age, formatTime } from '../../lib/time.ts';
import { nameOf } from '../policy/queries.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" className="pre-wrap">
        {children || '—'}
      </Text>
    </div>
  );
}

/** What the reporter told us, as received: the good-witness details side by side. */
export function EventDetail({ event, now, doc }: { event: CordonEvent; now: number; doc: PolicyDocument }) {
  const d = event.details;
  const reporter = [event.reporter.name, event.reporter.email, event.reporter.phone]
    .filter(Boolean)
    .join(' · ');
  return (
    <Paper withBorder p="md" aria-labelledby="event-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3" id="event-title">
            {event.ref}: {event.title}
          </Title>
          <Group gap={4}>
            <Badge color="gray.8" variant="outline">
              {event.source}
            </Badge>
            {event.count > 1 && <Badge color={COLORS.warn}>reported {event.count} times</Badge>}
            {event.onBehalfOfCustomer && <Badge color={COLORS.low}>customer report</Badge>}
            {event.suspectedBreach && <Badge color={COLORS.danger}>suspected breach</Badge>}
          </Group>
        </Group>
        <Text className="pre-wrap">{event.description}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Fact label="Observed">{event.observedAt ? formatTime(event.observedAt) : ''}</Fact>
          <Fact label="Reported">
            {formatTime(event.createdAt)} ({age(event.createdAt, now)})
          </Fact>
          <Fact label="Where">{d.where}</Fact>
          <Fact label="Systems">{d.systems?.join(', ')}</Fact>
          <Fact label="Accounts">{d.accounts?.join(', ')}</Fact>
          <Fact label="Who else knows">{d.othersAware}</Fact>
          <Fact label="How detected">{d.howDetected}</Fact>
          <Fact label="Reporter">
            {reporter}
            {event.filedBy && event.filedBy.id !== event.reporter.userId
              ? ` (filed by ${event.filedBy.name})`
              : ''}
          </Fact>
          {event.routedToTeam && <Fact label="Routed to">{nameOf(doc.teams, event.routedToTeam)}</Fact>}
          {event.count > 1 && <Fact label="Last seen">{formatTime(event.lastSeenAt)}</Fact>}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
