import { Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { fieldErrors } from '../../api/field-errors.ts';
import type { Schedule } from '../../api/types.ts';
import { peopleQuery, personOptions } from '../directory/queries.ts';

const iso = (local: string) => {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
};

/** Someone else takes the shift for a while (a swap, a sick day): the latest override wins. */
export function OverrideForm({ schedule, onDone }: { schedule: Schedule; onDone: () => void }) {
  const queryClient = useQueryClient();
  const people = useQuery(peopleQuery);
  const [form, setForm] = useState({ person: null as string | null, startsAt: '', endsAt: '', reason: '' });
  const add = useMutation({
    mutationFn: () =>
      post<Schedule>(`/oncall/schedules/${schedule.key}/overrides`, {
        person: form.person,
        startsAt: iso(form.startsAt),
        endsAt: iso(form.endsAt),
        ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['oncall'] });
      onDone();
    },
  });
  const errors = fieldErrors(add.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={`Add an override to ${schedule.name}`}>
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Who takes over"
            data={personOptions(people.data?.items)}
            value={form.person}
            onChange={(v) => setForm({ ...form, person: v })}
            error={errors.person}
            searchable
          />
          <TextInput
            label="Reason"
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
          />
          <TextInput
            label="From"
            type="datetime-local"
            required
            value={form.startsAt}
            onChange={(e) => setForm({ ...form, startsAt: e.currentTarget.value })}
            error={errors.startsAt}
          />
          <TextInput
            label="Until"
            type="datetime-local"
            required
            value={form.endsAt}
            onChange={(e) => setForm({ ...form, endsAt: e.currentTarget.value })}
            error={errors.endsAt}
          />
        </SimpleGrid>
        <ErrorAlert error={add.error} title="The override was not added" />
        <Group>
          <Button
            type="submit"
            size="sm"
            loading={add.isPending}
            disabled={!form.person || !form.startsAt || !form.endsAt}
          >
            Add override
          </Button>
          <Button size="sm" variant="subtle" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
