import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { del, post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Cover, Person, PolicyDocument, Schedule } from '../../api/types.ts';
import { meQuery, useMe } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';
import { nameOf } from '../policy/queries.ts';
import { coversQuery } from './queries.ts';

type CoverRole = PolicyDocument['roles'][number] & { onCallCover: { schedule: string; roles: string[] } };

/**
 * The on-call engineer acting as the Security Delegate (or another role the policy lets them cover) when
 * nobody holding it is available: who covers now, taking cover for the rest of the shift, giving it back.
 */
export function CoversSection({
  doc,
  people,
  schedules,
}: {
  doc: PolicyDocument | undefined;
  people: Person[] | undefined;
  schedules: Schedule[] | undefined;
}) {
  const scheduleName = (key: string) => schedules?.find((s) => s.key === key)?.name ?? key;
  const me = useMe();
  const covers = useQuery(coversQuery);
  const coverable = (doc?.roles ?? []).filter((r): r is CoverRole => !!r.onCallCover);
  const who = (userId: string) =>
    userId === me.id
      ? 'You'
      : (people?.find((p) => p.userId === userId)?.name ?? 'Someone without a directory entry');
  const items = covers.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="covers-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="covers-title">
          Cover for unavailable roles
        </Title>
        {coverable.map((r) => (
          <Text size="sm" key={r.key}>
            When nobody holding <strong>{r.name}</strong> is available, the person on call in{' '}
            <strong>{scheduleName(r.onCallCover.schedule)}</strong> who holds{' '}
            {r.onCallCover.roles.map((k) => nameOf(doc?.roles, k)).join(' or ')} is paged instead and may act
            as {r.name} until the end of the shift.
          </Text>
        ))}
        {coverable.length === 0 && <Text size="sm">The active policy lets nobody cover for a role.</Text>}
        <ErrorAlert error={covers.error} title="The covers could not be loaded" />
        {covers.isSuccess && items.length === 0 && <Text size="sm">Nobody is covering a role now.</Text>}
        {items.map((c) => (
          <CoverRow
            key={c.id}
            cover={c}
            roleName={nameOf(doc?.roles, c.role)}
            who={who(c.userId)}
            scheduleName={scheduleName(c.schedule)}
            mine={c.userId === me.id}
          />
        ))}
        {coverable
          .filter((r) => r.onCallCover.roles.some((k) => me.roles.includes(k)) && !me.roles.includes(r.key))
          .map((r) => (
            <TakeCover key={r.key} role={r} />
          ))}
      </Stack>
    </Paper>
  );
}

function CoverRow({
  cover: c,
  roleName,
  who,
  scheduleName,
  mine,
}: {
  cover: Cover;
  roleName: string;
  who: string;
  scheduleName: string;
  mine: boolean;
}) {
  const queryClient = useQueryClient();
  const release = useMutation({
    mutationFn: () => del<void>(`/oncall/covers/${encodeURIComponent(c.role)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['oncall', 'covers'] });
      // The role is taken back: what this person may do changes.
      void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });
  return (
    <Stack gap={4} data-testid={`cover-${c.role}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" style={{ flex: '1 1 240px' }}>
          <strong>{who}</strong> {mine ? 'are' : 'is'} acting as <strong>{roleName}</strong> until{' '}
          {formatTime(c.until)} (since {formatTime(c.startedAt)}, schedule {scheduleName})
          {c.reason ? `: ${c.reason}` : ''}
        </Text>
        {mine && (
          <Button
            size="compact-sm"
            variant="default"
            loading={release.isPending}
            onClick={() => release.mutate()}
          >
            Give back {roleName}
          </Button>
        )}
      </Group>
      <ErrorAlert error={release.error} title="The role was not given back" />
    </Stack>
  );
}

function TakeCover({ role }: { role: CoverRole }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const take = useMutation({
    mutationFn: () =>
      post<Cover>('/oncall/covers', { role: role.key, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
    onSuccess: (c) => {
      setReason('');
      void queryClient.invalidateQueries({ queryKey: ['oncall', 'covers'] });
      void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      notifications.show({
        color: 'green',
        title: `You are acting as ${role.name}`,
        message: `Until ${formatTime(c.until)}, the end of your shift.`,
      });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    take.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={`Act as ${role.name}`}>
      <Stack gap="xs">
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label="Why (optional)"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
          />
          <Button type="submit" loading={take.isPending}>
            Act as {role.name}
          </Button>
        </Group>
        <ErrorAlert error={take.error} title={`You cannot act as ${role.name} now`} />
      </Stack>
    </form>
  );
}
