import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Person, Schedule } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { useCan } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';
import { nameOfHandle } from '../directory/queries.ts';
import { OverrideForm } from './override-form.tsx';
import { describeRotation } from './queries.ts';
import { ScheduleForm } from './schedule-form.tsx';
import { UpcomingShifts } from './upcoming-shifts.tsx';

type Open = null | 'edit' | 'override' | 'shifts';

/** One on-call schedule: its rotation, who is on call now, overrides; administrators change it here. */
export function ScheduleCard({ schedule: s, people }: { schedule: Schedule; people: Person[] | undefined }) {
  const can = useCan();
  const mayEdit = can('users.manage');
  const [open, setOpen] = useState<Open>(null);
  const toggle = (o: Open) => setOpen(open === o ? null : o);
  const headingId = `schedule-${s.key}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-schedule={s.key}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h4" id={headingId}>
            {s.name}
          </Title>
          <Text size="sm">{s.key}</Text>
        </Group>
        <Text size="sm">
          {describeRotation(s)} · first shift {s.startDate}
        </Text>
        <Text size="sm">Rotation: {s.participants.map((h) => nameOfHandle(people, h)).join(' → ')}</Text>
        <Text size="sm" data-testid={`on-call-${s.key}`}>
          On call now: <strong>{s.onCall?.person?.name ?? 'nobody'}</strong>
          {s.onCall ? ` until ${formatTime(s.onCall.endsAt)}` : ''}
          {s.onCall?.source === 'override' ? ' (override)' : ''}
        </Text>
        <Overrides schedule={s} people={people} mayEdit={mayEdit} />
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => toggle('shifts')}
            aria-expanded={open === 'shifts'}
          >
            Upcoming shifts<span className="visually-hidden"> of {s.name}</span>
          </Button>
          {mayEdit && (
            <>
              <Button
                size="compact-sm"
                variant="default"
                onClick={() => toggle('override')}
                aria-expanded={open === 'override'}
              >
                Add override<span className="visually-hidden"> to {s.name}</span>
              </Button>
              <Button
                size="compact-sm"
                variant="default"
                onClick={() => toggle('edit')}
                aria-expanded={open === 'edit'}
              >
                Edit<span className="visually-hidden"> {s.name}</span>
              </Button>
            </>
          )}
        </Group>
        {open === 'shifts' && <UpcomingShifts schedule={s.key} name={s.name} />}
        {open === 'override' && <OverrideForm schedule={s} onDone={() => setOpen(null)} />}
        {open === 'edit' && <ScheduleForm schedule={s} onDone={() => setOpen(null)} />}
      </Stack>
    </Paper>
  );
}

function Overrides({
  schedule: s,
  people,
  mayEdit,
}: {
  schedule: Schedule;
  people: Person[] | undefined;
  mayEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => del<Schedule>(`/oncall/schedules/${s.key}/overrides/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['oncall'] }),
  });
  if (s.overrides.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Overrides
      </Text>
      <Stack
        gap={4}
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label={`Overrides of ${s.name}`}
      >
        {s.overrides.map((o) => (
          <Group key={o.id} component="li" justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm" style={{ flex: '1 1 220px' }}>
              <Badge color={COLORS.accent} variant="filled" size="sm" mr={6}>
                override
              </Badge>
              {nameOfHandle(people, o.person)}: {formatTime(o.startsAt)} – {formatTime(o.endsAt)}
              {o.reason ? ` (${o.reason})` : ''}
            </Text>
            {mayEdit && (
              <Button
                size="compact-sm"
                variant="default"
                loading={remove.isPending && remove.variables === o.id}
                onClick={() => remove.mutate(o.id)}
              >
                Remove
                <span className="visually-hidden"> the override for {nameOfHandle(people, o.person)}</span>
              </Button>
            )}
          </Group>
        ))}
      </Stack>
      <ErrorAlert error={remove.error} title="The override was not removed" />
    </Stack>
  );
}
