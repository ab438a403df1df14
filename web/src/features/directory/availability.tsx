import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { put } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { fieldErrors } from '../../api/field-errors.ts';
import type { Person } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { formatTime, toLocalInput } from '../../lib/time.ts';

/** Whether someone is away now (escalation skips them and pages their on-call cover instead). */
export const isAway = (p: Person) =>
  !!p.unavailableUntil && new Date(p.unavailableUntil).getTime() > Date.now();

export function AvailabilityBadge({ person: p }: { person: Person }) {
  if (!isAway(p))
    return (
      <Badge color={COLORS.ok} variant="outline" size="sm">
        Available
      </Badge>
    );
  return (
    <Stack gap={0}>
      <Badge color={COLORS.warn} variant="filled" size="sm">
        Away
      </Badge>
      <Text size="xs">until {formatTime(p.unavailableUntil)}</Text>
      {p.unavailableReason && <Text size="xs">{p.unavailableReason}</Text>}
    </Stack>
  );
}

const useSetAvailability = (handle: string, onDone: () => void) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { unavailableUntil: string | null; reason?: string }) =>
      put<Person>(`/directory/people/${encodeURIComponent(handle)}/availability`, body),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: ['directory'] });
      void queryClient.invalidateQueries({ queryKey: ['oncall'] });
      notifications.show({
        color: 'green',
        title: p.unavailableUntil ? `${p.name} is away` : `${p.name} is available`,
        message: p.unavailableUntil
          ? `Until ${formatTime(p.unavailableUntil)}: escalation does not page them meanwhile.`
          : 'Escalation pages them again.',
      });
      onDone();
    },
  });
};

/** "Available again": clears the time someone is away until. */
export function MarkAvailableButton({ person: p }: { person: Person }) {
  const set = useSetAvailability(p.handle, () => {});
  return (
    <Stack gap={4} align="flex-start">
      <Button
        size="compact-sm"
        variant="default"
        loading={set.isPending}
        onClick={() => set.mutate({ unavailableUntil: null })}
      >
        Mark available<span className="visually-hidden"> {p.name}</span>
      </Button>
      <ErrorAlert error={set.error} title="Availability not changed" />
    </Stack>
  );
}

/**
 * Marks someone unavailable until a time (leave, travel): escalation then skips them, and a role nobody
 * available holds (the Security Delegate) goes to the engineer on call, who may take it for their shift.
 */
export function AwayForm({ person: p, onDone }: { person: Person; onDone: () => void }) {
  const [until, setUntil] = useState(() => toLocalInput(new Date(Date.now() + 7 * 86_400_000)));
  const [reason, setReason] = useState('');
  const set = useSetAvailability(p.handle, onDone);
  const errors = fieldErrors(set.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = new Date(until);
    set.mutate({
      unavailableUntil: Number.isNaN(at.getTime()) ? until : at.toISOString(),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
  };
  const title = `Mark ${p.name} away`;
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label={title}>
        <Stack gap="xs">
          <Title order={3} size="h4">
            {title}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Away until"
              type="datetime-local"
              required
              value={until}
              onChange={(e) => setUntil(e.currentTarget.value)}
              error={errors.unavailableUntil}
            />
            <TextInput
              label="Reason (optional)"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
            />
          </SimpleGrid>
          <ErrorAlert error={set.error} title="Availability not changed" />
          <Group>
            <Button type="submit" loading={set.isPending} disabled={!until}>
              Mark away
            </Button>
            <Button variant="subtle" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
