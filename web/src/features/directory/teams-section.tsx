import { Button, Group, MultiSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { put } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { fieldErrors } from '../../api/field-errors.ts';
import type { Person, Team } from '../../api/types.ts';
import { useCan } from '../../app/session.tsx';
import { nameOfHandle, peopleQuery, personOptions, teamsQuery } from './queries.ts';

/** The policy's teams (DevOps …) with their members and queue mailbox; administrators set the members. */
export function TeamsSection() {
  const teams = useQuery(teamsQuery);
  const people = useQuery(peopleQuery);
  return (
    <Stack>
      <ErrorAlert error={teams.error ?? people.error} title="The teams could not be loaded" />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {(teams.data?.items ?? []).map((t) => (
          <TeamCard key={t.key} team={t} people={people.data?.items} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function TeamCard({ team, people }: { team: Team; people: Person[] | undefined }) {
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const headingId = `team-${team.key}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" id={headingId}>
            {team.name}
          </Title>
          {can('users.manage') && !editing && (
            <Button size="compact-sm" variant="default" onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden"> {team.name}</span>
            </Button>
          )}
        </Group>
        <Text size="sm">Queue mailbox: {team.email ?? 'none'}</Text>
        {editing ? (
          <TeamForm team={team} people={people} onDone={() => setEditing(false)} />
        ) : (
          <Text size="sm" data-testid={`team-members-${team.key}`}>
            {team.members.length === 0
              ? 'No members yet.'
              : `Members: ${team.members.map((h) => nameOfHandle(people, h)).join(', ')}`}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function TeamForm({
  team,
  people,
  onDone,
}: {
  team: Team;
  people: Person[] | undefined;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [members, setMembers] = useState(team.members);
  const [email, setEmail] = useState(team.email ?? '');
  const save = useMutation({
    mutationFn: () =>
      put<Team>(`/directory/teams/${team.key}`, {
        members,
        email: email.trim() === '' ? null : email.trim(),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['directory'] });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={`Members of ${team.name}`}>
      <Stack gap="xs">
        <MultiSelect
          label="Members"
          data={personOptions(people)}
          value={members}
          onChange={setMembers}
          error={errors.members}
          searchable
        />
        <TextInput
          label="Queue mailbox"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
        />
        <ErrorAlert error={save.error} title="The team was not saved" />
        <Group>
          <Button type="submit" size="sm" loading={save.isPending}>
            Save team
          </Button>
          <Button size="sm" variant="subtle" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
