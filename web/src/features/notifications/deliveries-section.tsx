import {
  Alert,
  Badge,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Delivery, DeliveryStatus } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { FilterActions } from '../../app/filter-actions.tsx';
import { InlineLoader } from '../../app/inline-loader.tsx';
import { AnchorLink } from '../../app/links.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { useCan } from '../../app/session.tsx';
import { withoutEmpty } from '../../lib/search-params.ts';
import { formatTime } from '../../lib/time.ts';
import { DELIVERY_STATUS } from '../escalation/states.ts';
import { type DeliveryFilter, deadCountQuery, deliveriesQuery } from './queries.ts';
import { DELIVERY_CHANNELS, type DeliveryLogSearch } from './search.ts';

export const STATUS_OPTIONS: { value: DeliveryFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'dead', label: 'Dead letters (failed for good)' },
  { value: 'retrying', label: 'Retrying' },
  { value: 'queued', label: 'Queued' },
  { value: 'sending', label: 'Sending' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'suppressed', label: 'Suppressed (out-of-band)' },
  { value: 'unavailable', label: 'Not sent' },
];

const statusLabel = (s: DeliveryStatus) => (s === 'dead' ? 'dead letter' : DELIVERY_STATUS[s].label);

/**
 * The delivery log: every message Cordon sent or could not send, newest first, filtered by status, incident,
 * channel and recipient. A delivery that failed every attempt is a dead letter, shown in red and counted above
 * the log; after fixing its channel it is sent again with Retry (audited, and on the incident's timeline).
 */
export function DeliveriesSection({
  filter,
  onFilter,
}: {
  filter: DeliveryLogSearch;
  onFilter: (f: DeliveryLogSearch) => void;
}) {
  const log = useInfiniteQuery(deliveriesQuery(filter));
  const dead = useQuery(deadCountQuery);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const deadCount = dead.data?.items.length ?? 0;
  const status: DeliveryFilter = filter.status ?? 'all';
  const filtered = Object.keys(filter).length > 0;
  return (
    <Stack>
      {deadCount > 0 && status !== 'dead' && (
        <Alert color="red" variant="light" title="Dead letters" role="status" data-testid="dead-letters">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm">
              {deadCount}
              {dead.data?.nextCursor ? '+' : ''} {deadCount === 1 ? 'delivery' : 'deliveries'} failed every
              attempt and will not be sent again unless retried.
            </Text>
            <Button size="compact-sm" color="red.9" onClick={() => onFilter({ status: 'dead' })}>
              Show dead letters
            </Button>
          </Group>
        </Alert>
      )}
      <DeliveryFilters filter={filter} onFilter={onFilter} />
      <ErrorAlert error={log.error ?? dead.error} title="The delivery log could not be loaded" />
      {log.isPending && <InlineLoader label="Loading the deliveries…" />}
      {log.isSuccess && items.length === 0 && (
        <Text>No deliveries{filtered ? ' match these filters' : ''}.</Text>
      )}
      {items.length > 0 && (
        <ScrollTable label="Deliveries" minWidth={960}>
          <Table verticalSpacing="xs">
            <ColumnHeads columns={['When', 'To', 'Channel', 'About', 'Status']} actions />
            <Table.Tbody>
              {items.map((d) => (
                <DeliveryRow key={d.id} delivery={d} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {log.hasNextPage && (
        <Group>
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
            Show older deliveries
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function DeliveryRow({ delivery: d }: { delivery: Delivery }) {
  const dead = d.status === 'dead';
  return (
    <Table.Tr
      data-delivery={d.id}
      data-status={d.status}
      style={dead ? { background: 'var(--mantine-color-red-0)' } : undefined}
    >
      <Table.Td>
        <Text size="sm">{formatTime(d.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={600}>
          {d.recipient}
        </Text>
        {d.address && (
          <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
            {d.address}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {d.channel}
          {d.via ? ` via ${d.via}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        {d.incidentKey ? (
          <AnchorLink to="/incidents/$key" params={{ key: d.incidentKey }} size="sm" fw={600}>
            {d.incidentKey}
          </AnchorLink>
        ) : (
          <Text size="sm">{d.purpose === 'test' ? 'Test message' : d.purpose}</Text>
        )}
        <Text size="xs" lineClamp={2}>
          {d.subject}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={DELIVERY_STATUS[d.status].color} variant="filled">
          {statusLabel(d.status)}
        </Badge>
        <Text size="xs">
          {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
          {d.deliveredAt ? ` · delivered ${formatTime(d.deliveredAt)}` : ''}
        </Text>
        {d.note && (
          <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
            {d.note}
          </Text>
        )}
        {d.lastError && d.status !== 'delivered' && (
          <Text size="xs" c={dead ? COLORS.danger : undefined} style={{ overflowWrap: 'anywhere' }}>
            {d.lastError}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{dead && d.via && <RetryButton delivery={d} />}</Table.Td>
    </Table.Tr>
  );
}

function RetryButton({ delivery: d }: { delivery: Delivery }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => post<Delivery>(`/deliveries/${d.id}/retry`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['deliveries'] });
      notifications.show({
        color: 'green',
        title: 'Sending again',
        message: `The message to ${d.recipient} is queued again.`,
      });
    },
  });
  if (!can('users.manage') && !can('incident.update')) return null;
  return (
    <Stack gap={4} align="flex-start">
      <Button size="compact-sm" color="red.9" loading={retry.isPending} onClick={() => retry.mutate()}>
        Retry<span className="visually-hidden"> the message to {d.recipient}</span>
      </Button>
      <ErrorAlert error={retry.error} title="Not sent again" />
    </Stack>
  );
}

/** Status applies at once; the incident key and the recipient when the form is sent. */
function DeliveryFilters({
  filter,
  onFilter,
}: {
  filter: DeliveryLogSearch;
  onFilter: (f: DeliveryLogSearch) => void;
}) {
  const [form, setForm] = useState({ incident: filter.incident ?? '', recipient: filter.recipient ?? '' });
  useEffect(
    () => setForm({ incident: filter.incident ?? '', recipient: filter.recipient ?? '' }),
    [filter.incident, filter.recipient],
  );
  const apply = (e: FormEvent) => {
    e.preventDefault();
    onFilter(
      withoutEmpty({
        ...filter,
        incident: form.incident.trim().toUpperCase(),
        recipient: form.recipient.trim(),
      }),
    );
  };
  return (
    <form onSubmit={apply} aria-label="Filter the delivery log">
      <SimpleGrid cols={{ base: 1, sm: 5 }} spacing="xs">
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          value={filter.status ?? 'all'}
          onChange={(v) =>
            onFilter(
              withoutEmpty({ ...filter, status: !v || v === 'all' ? undefined : (v as DeliveryStatus) }),
            )
          }
          allowDeselect={false}
        />
        <Select
          label="Channel"
          data={DELIVERY_CHANNELS.map((c) => ({ value: c, label: c }))}
          value={filter.channel ?? null}
          onChange={(v) => onFilter(withoutEmpty({ ...filter, channel: v ?? undefined }))}
          clearable
          placeholder="Any"
        />
        <TextInput
          label="Incident key"
          placeholder="INC-2026-0001"
          value={form.incident}
          onChange={(e) => setForm({ ...form, incident: e.currentTarget.value })}
        />
        <TextInput
          label="Recipient"
          placeholder="Name or address"
          value={form.recipient}
          onChange={(e) => setForm({ ...form, recipient: e.currentTarget.value })}
        />
        <FilterActions onClear={() => onFilter({})} />
      </SimpleGrid>
    </form>
  );
}
