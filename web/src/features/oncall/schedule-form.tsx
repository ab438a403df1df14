import {
  Button,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { put } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { fieldErrors } from '../../api/field-errors.ts';
import type { Schedule, ScheduleInput } from '../../api/types.ts';
import { browserTimeZone, timeZones } from '../../lib/time-zones.ts';
import { peopleQuery, personOptions } from '../directory/queries.ts';
import { WEEKDAYS } from './queries.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** Creates a schedule (no `schedule`) or replaces one: rotation, hand-off time and day, zone, who rotates. */
export function ScheduleForm({ schedule, onDone }: { schedule?: Schedule; onDone: () => void }) {
  const queryClient = useQueryClient();
  const titleId = useId();
  const people = useQuery(peopleQuery);
  const zones = useMemo(timeZones, []);
  const [key, setKey] = useState(schedule?.key ?? '');
  const [form, setForm] = useState<ScheduleInput>(() => ({
    name: schedule?.name ?? '',
    timeZone: schedule?.timeZone ?? browserTimeZone(),
    rotation: schedule?.rotation ?? 'weekly',
    handoffTime: schedule?.handoffTime ?? '09:00',
    handoffDay: schedule?.handoffDay ?? 1,
    startDate: schedule?.startDate ?? today(),
    participants: schedule?.participants ?? [],
  }));
  const set = (p: Partial<ScheduleInput>) => setForm((f) => ({ ...f, ...p }));
  const save = useMutation({
    mutationFn: () => put<Schedule>(`/oncall/schedules/${encodeURIComponent(key.trim())}`, form),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['oncall'] });
      notifications.show({ color: 'green', title: 'Saved', message: `${saved.name} is saved.` });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-labelledby={titleId}>
        <Stack gap="xs">
          <Title order={3} size="h4" id={titleId}>
            {schedule ? `Edit ${schedule.name}` : 'Create a schedule'}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {!schedule && (
              <TextInput
                label="Key"
                description="Lower case, e.g. on-call-engineers (the policy names schedules by key)"
                required
                value={key}
                onChange={(e) => setKey(e.currentTarget.value)}
                error={errors.schedule}
                autoComplete="off"
              />
            )}
            <TextInput
              label="Name"
              required
              value={form.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
              error={errors.name}
              autoComplete="off"
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id={`${titleId}-rotation`}>
                Rotation
              </Text>
              <SegmentedControl
                aria-labelledby={`${titleId}-rotation`}
                value={form.rotation}
                onChange={(v) => set({ rotation: v === 'daily' ? 'daily' : 'weekly' })}
                data={[
                  { value: 'daily', label: 'Daily' },
                  { value: 'weekly', label: 'Weekly' },
                ]}
              />
            </Stack>
            <TextInput
              label="Hand-off time"
              type="time"
              required
              value={form.handoffTime}
              onChange={(e) => set({ handoffTime: e.currentTarget.value })}
              error={errors.handoffTime}
            />
            {form.rotation === 'weekly' && (
              <Select
                label="Hand-off day"
                data={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))}
                value={String(form.handoffDay)}
                onChange={(v) => set({ handoffDay: Number(v ?? 1) })}
                allowDeselect={false}
              />
            )}
            <Select
              label="Time zone"
              data={zones}
              value={form.timeZone}
              onChange={(v) => set({ timeZone: v ?? 'UTC' })}
              error={errors.timeZone}
              searchable
              allowDeselect={false}
              limit={50}
            />
            <TextInput
              label="First shift on"
              type="date"
              required
              value={form.startDate}
              onChange={(e) => set({ startDate: e.currentTarget.value })}
              error={errors.startDate}
            />
          </SimpleGrid>
          <MultiSelect
            label="Participants, in rotation order"
            description="Pick them in the order they take turns"
            data={personOptions(people.data?.items)}
            value={form.participants}
            onChange={(v) => set({ participants: v })}
            error={errors.participants}
            searchable
          />
          <ErrorAlert error={people.error} title="The directory could not be loaded" />
          <ErrorAlert error={save.error} title="The schedule was not saved — the form is kept" />
          <Group>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!key.trim() || !form.name.trim() || form.participants.length === 0}
            >
              {schedule ? 'Save schedule' : 'Create schedule'}
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
