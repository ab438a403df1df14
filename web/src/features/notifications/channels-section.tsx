import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { del, post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Delivery, NotificationChannel } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { ChannelForm } from './channel-form.tsx';
import { CHANNEL_KINDS, NEEDS_ADDRESS } from './channel-kinds.ts';
import { channelsQuery } from './queries.ts';

/**
 * The channels Cordon sends through: their settings, whether credentials are set (never the credentials),
 * a test message through each, and adding or changing those managed here.
 */
export function ChannelsSection() {
  const channels = useQuery(channelsQuery);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const items = channels.data?.items ?? [];
  const current = items.find((c) => c.key === editing);
  return (
    <Stack>
      <Text size="sm">
        Channels from environment variables (CORDON_SMTP_HOST …) are shown here and changed there; the others
        are managed here. Credentials are stored encrypted and never shown again.
      </Text>
      <ErrorAlert error={channels.error} title="The channels could not be loaded" />
      {channels.isSuccess && items.length === 0 && (
        <Text>No channel is configured: only the web app and the team queues carry notifications.</Text>
      )}
      {items.length > 0 && (
        <ScrollTable label="Channels" minWidth={860}>
          <Table verticalSpacing="xs" striped>
            <ColumnHeads columns={['Channel', 'Settings', 'Credentials', 'State']} actions />
            <Table.Tbody>
              {items.map((c) => (
                <ChannelRow
                  key={c.key}
                  channel={c}
                  editing={editing === c.key}
                  onEdit={() => {
                    setAdding(false);
                    setEditing(editing === c.key ? null : c.key);
                  }}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {current && (
        <Paper withBorder p="md">
          <ChannelForm key={current.key} channel={current} onDone={() => setEditing(null)} />
        </Paper>
      )}
      {adding ? (
        <Paper withBorder p="md">
          <ChannelForm onDone={() => setAdding(false)} />
        </Paper>
      ) : (
        <Group>
          <Button
            onClick={() => {
              setEditing(null);
              setAdding(true);
            }}
          >
            Add a channel
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function ChannelRow({
  channel: c,
  editing,
  onEdit,
}: {
  channel: NotificationChannel;
  editing: boolean;
  onEdit: () => void;
}) {
  const settings = Object.entries(c.settings);
  return (
    <Table.Tr data-channel={c.key}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {c.key}
        </Text>
        <Text size="xs">{CHANNEL_KINDS[c.kind]?.label ?? c.kind}</Text>
        {c.purpose === 'out-of-band' && (
          <Badge color={COLORS.restricted} variant="filled" size="sm">
            Out-of-band
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {settings.length === 0 ? (
          <Text size="sm">—</Text>
        ) : (
          settings.map(([k, v]) => (
            <Text size="sm" key={k} style={{ overflowWrap: 'anywhere' }}>
              {k}: {String(v)}
            </Text>
          ))
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-testid={`credentials-${c.key}`}>
          {c.hasCredentials ? 'set' : 'none'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={c.enabled ? COLORS.ok : COLORS.neutral} variant="filled">
          {c.enabled ? 'Enabled' : 'Disabled'}
        </Badge>
        <Text size="xs">{c.source === 'env' ? 'from environment variables' : 'managed here'}</Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          {c.source === 'api' && (
            <Group gap={4}>
              <Button size="compact-sm" variant="default" onClick={onEdit} aria-expanded={editing}>
                Change<span className="visually-hidden"> {c.key}</span>
              </Button>
              <DeleteButton channel={c} />
            </Group>
          )}
          <TestForm channel={c} />
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

function DeleteButton({ channel: c }: { channel: NotificationChannel }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => del<void>(`/notification-channels/${encodeURIComponent(c.key)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notification-channels'] }),
  });
  return (
    <>
      <Button
        size="compact-sm"
        variant={confirming ? 'filled' : 'default'}
        color="red.9"
        loading={remove.isPending}
        onClick={() => (confirming ? remove.mutate() : setConfirming(true))}
      >
        {confirming ? 'Confirm removal' : 'Remove'}
        <span className="visually-hidden"> {c.key}</span>
      </Button>
      <ErrorAlert error={remove.error} title="The channel was not removed" />
    </>
  );
}

/** Sends a test message through the channel; its outcome shows in the delivery log. */
function TestForm({ channel: c }: { channel: NotificationChannel }) {
  const queryClient = useQueryClient();
  const needsAddress = NEEDS_ADDRESS.has(c.kind);
  const [address, setAddress] = useState('');
  const test = useMutation({
    mutationFn: () =>
      post<Delivery>(`/notification-channels/${encodeURIComponent(c.key)}/test`, {
        ...(address.trim() ? { address: address.trim() } : {}),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['deliveries'] });
      notifications.show({
        color: 'green',
        title: `Test message queued through ${c.key}`,
        message: 'What became of it shows under Deliveries.',
      });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    test.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={`Test ${c.key}`}>
      <Group gap={4} align="flex-end" wrap="nowrap">
        {needsAddress && (
          <TextInput
            size="xs"
            label={
              c.kind === 'smtp'
                ? 'Send to (e-mail)'
                : c.kind === 'sms-gateway'
                  ? 'Send to (phone)'
                  : 'Send to (member id)'
            }
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
            w={170}
          />
        )}
        <Button size="compact-sm" variant="default" type="submit" loading={test.isPending}>
          Send a test<span className="visually-hidden"> through {c.key}</span>
        </Button>
      </Group>
      <ErrorAlert error={test.error} title="No test message was sent" />
    </form>
  );
}
