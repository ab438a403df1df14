import {
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useId, useMemo, useState } from 'react';
import { patch, post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { fieldErrors } from '../../api/field-errors.ts';
import type { Person, PersonInput } from '../../api/types.ts';
import { timeZones } from '../../lib/time-zones.ts';
import { usersQuery } from '../incidents/users-query.ts';
import { useActivePolicy } from '../policy/queries.ts';
import { AVOIDABLE_CHANNELS, peopleQuery, personOptions } from './queries.ts';

type Form = Record<'handle' | 'name' | 'title' | 'email' | 'phone' | 'chatHandle', string> & {
  username: string | null;
  supervisor: string | null;
  timeZone: string | null;
  teams: string[];
  positions: string[];
  avoidChannels: Person['avoidChannels'];
};

const fromPerson = (p: Person | undefined): Form => ({
  handle: p?.handle ?? '',
  name: p?.name ?? '',
  title: p?.title ?? '',
  email: p?.email ?? '',
  phone: p?.phone ?? '',
  chatHandle: p?.chatHandle ?? '',
  username: p?.username ?? null,
  supervisor: p?.supervisor ?? null,
  timeZone: p?.timeZone ?? null,
  teams: p?.teams ?? [],
  positions: p?.positions ?? [],
  avoidChannels: p?.avoidChannels ?? [],
});

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function toInput(f: Form): PersonInput {
  return {
    name: f.name.trim(),
    title: orNull(f.title),
    email: orNull(f.email),
    phone: orNull(f.phone.replaceAll(/[\s()-]/g, '')),
    chatHandle: orNull(f.chatHandle),
    username: f.username,
    supervisor: f.supervisor,
    teams: f.teams,
    positions: f.positions,
    timeZone: f.timeZone,
    avoidChannels: f.avoidChannels,
  };
}

/**
 * Adds a person (no `person`) or edits one: contact methods, supervisor, teams and positions from the
 * policy, the Cordon account they sign in as. Field problems the server names are shown at the field.
 */
export function PersonForm({ person, onDone }: { person?: Person; onDone: () => void }) {
  const queryClient = useQueryClient();
  const titleId = useId();
  const policy = useActivePolicy();
  const people = useQuery(peopleQuery);
  const users = useQuery(usersQuery);
  const zones = useMemo(timeZones, []);
  const [form, setForm] = useState<Form>(() => fromPerson(person));
  const set = (patchForm: Partial<Form>) => setForm((f) => ({ ...f, ...patchForm }));
  const save = useMutation({
    mutationFn: () =>
      person
        ? patch<Person>(`/directory/people/${person.handle}`, toInput(form))
        : post<Person>('/directory/people', { ...toInput(form), handle: form.handle.trim().toLowerCase() }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['directory'] });
      notifications.show({
        color: 'green',
        title: 'Saved',
        message: `${saved.name} is ${person ? 'updated' : 'in the directory'}.`,
      });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const doc = policy.data?.document;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const text = (field: 'handle' | 'name' | 'title' | 'email' | 'phone' | 'chatHandle') => ({
    value: form[field],
    error: errors[field],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set({ [field]: e.currentTarget.value }),
    autoComplete: 'off',
  });
  const title = person ? `Edit ${person.name}` : 'Add a person';
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-labelledby={titleId}>
        <Stack gap="xs">
          <Title order={2} size="h4" id={titleId}>
            {title}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {!person && (
              <TextInput
                label="Handle"
                description="Short and unique, e.g. maria.lopez"
                required
                {...text('handle')}
              />
            )}
            <TextInput label="Full name" required {...text('name')} />
            <TextInput label="Job title" {...text('title')} />
            <TextInput label="E-mail" type="email" {...text('email')} />
            <TextInput
              label="Phone"
              description="International format, e.g. +4915112345678"
              type="tel"
              {...text('phone')}
            />
            <TextInput
              label="Chat handle"
              description="Slack member ID, e.g. U012AB3CD"
              {...text('chatHandle')}
            />
            <Select
              label="Supervisor"
              data={personOptions(people.data?.items.filter((p) => p.handle !== person?.handle))}
              value={form.supervisor}
              onChange={(v) => set({ supervisor: v })}
              error={errors.supervisor}
              searchable
              clearable
            />
            <Select
              label="Signs in to Cordon as"
              description="Links pages and acknowledgements to this account"
              data={(users.data?.items ?? []).map((u) => ({
                value: u.username,
                label: `${u.name} (${u.username})`,
              }))}
              value={form.username}
              onChange={(v) => set({ username: v })}
              error={errors.username}
              searchable
              clearable
            />
            <MultiSelect
              label="Teams"
              data={(doc?.teams ?? []).map((t) => ({ value: t.key, label: t.name }))}
              value={form.teams}
              onChange={(v) => set({ teams: v })}
              error={errors.teams}
              searchable
            />
            <MultiSelect
              label="Positions"
              description="Each position has one holder: taking it moves it from its current holder"
              data={(doc?.positions ?? []).map((p) => ({ value: p.key, label: p.name }))}
              value={form.positions}
              onChange={(v) => set({ positions: v })}
              error={errors.positions}
              searchable
            />
            <Select
              label="Time zone"
              data={zones}
              value={form.timeZone}
              onChange={(v) => set({ timeZone: v })}
              error={errors.timeZone}
              searchable
              clearable
              limit={50}
            />
          </SimpleGrid>
          <Checkbox.Group
            label="Don't reach this person by"
            description="This person's choice: these channels are skipped when another channel of a page reaches them, and used anyway when none does. The in-app inbox is always used."
            value={form.avoidChannels}
            onChange={(v) => set({ avoidChannels: v as Form['avoidChannels'] })}
            error={errors.avoidChannels}
          >
            <Group mt={4}>
              {AVOIDABLE_CHANNELS.map((c) => (
                <Checkbox key={c.value} value={c.value} label={c.label} />
              ))}
            </Group>
          </Checkbox.Group>
          <ErrorAlert error={users.error} title="The Cordon users could not be loaded" />
          <ErrorAlert error={save.error} title="Not saved — the form is kept" />
          <Group>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!form.name.trim() || (!person && !form.handle.trim())}
            >
              {person ? 'Save person' : 'Add person'}
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
