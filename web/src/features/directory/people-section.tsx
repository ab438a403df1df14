import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Person, PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { useCan } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';
import { nameOf } from '../policy/queries.ts';
import { PersonForm } from './person-form.tsx';
import { nameOfHandle, peopleQuery } from './queries.ts';

/** Everyone in the directory with how to reach them; administrators add and edit people here. */
export function PeopleSection({ doc }: { doc: PolicyDocument | undefined }) {
  const can = useCan();
  const mayEdit = can('users.manage');
  const people = useQuery(peopleQuery);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const items = people.data?.items ?? [];
  const current = items.find((p) => p.handle === editing);
  return (
    <Stack>
      <ErrorAlert error={people.error} title="The people could not be loaded" />
      {people.isSuccess && items.length === 0 && (
        <Text>
          Nobody is in the directory yet.{' '}
          {mayEdit ? 'Add people below or import a YAML or CSV file.' : 'An administrator adds people.'}
        </Text>
      )}
      {items.length > 0 && (
        <ScrollTable label="People" minWidth={960}>
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Title</Table.Th>
                <Table.Th scope="col">Contact</Table.Th>
                <Table.Th scope="col">Supervisor</Table.Th>
                <Table.Th scope="col">Teams and positions</Table.Th>
                {mayEdit && (
                  <Table.Th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <PersonRow
                  key={p.handle}
                  person={p}
                  people={items}
                  doc={doc}
                  mayEdit={mayEdit}
                  editing={editing === p.handle}
                  onEdit={() => {
                    setAdding(false);
                    setEditing(editing === p.handle ? null : p.handle);
                  }}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {mayEdit && current && (
        <PersonForm key={current.handle} person={current} onDone={() => setEditing(null)} />
      )}
      {mayEdit &&
        (adding ? (
          <PersonForm onDone={() => setAdding(false)} />
        ) : (
          <Group>
            <Button
              onClick={() => {
                setEditing(null);
                setAdding(true);
              }}
            >
              Add a person
            </Button>
          </Group>
        ))}
    </Stack>
  );
}

function PersonRow({
  person: p,
  people,
  doc,
  mayEdit,
  editing,
  onEdit,
}: {
  person: Person;
  people: Person[];
  doc: PolicyDocument | undefined;
  mayEdit: boolean;
  editing: boolean;
  onEdit: () => void;
}) {
  const away = p.unavailableUntil && new Date(p.unavailableUntil).getTime() > Date.now();
  return (
    <Table.Tr data-handle={p.handle}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {p.name}
        </Text>
        <Text size="xs">
          {p.handle}
          {p.username ? ` · signs in as ${p.username}` : ''}
        </Text>
        {away && (
          <Badge color={COLORS.warn} variant="filled" size="sm" title={p.unavailableReason ?? undefined}>
            Away until {formatTime(p.unavailableUntil)}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{p.title ?? '—'}</Table.Td>
      <Table.Td>
        <Stack gap={0}>
          {p.email && (
            <Anchor href={`mailto:${p.email}`} size="sm">
              {p.email}
            </Anchor>
          )}
          {p.phone && (
            <Anchor href={`tel:${p.phone}`} size="sm">
              {p.phone}
            </Anchor>
          )}
          {p.chatHandle && <Text size="sm">Chat: {p.chatHandle}</Text>}
          {!p.email && !p.phone && !p.chatHandle && <Text size="sm">No contact on record</Text>}
        </Stack>
      </Table.Td>
      <Table.Td>{nameOfHandle(people, p.supervisor)}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {p.positions.map((k) => (
            <Badge key={k} color={COLORS.accent} variant="filled" style={{ textTransform: 'none' }}>
              {nameOf(doc?.positions, k)}
            </Badge>
          ))}
          {p.teams.map((k) => (
            <Badge key={k} color="gray.8" variant="outline" style={{ textTransform: 'none' }}>
              {nameOf(doc?.teams, k)}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      {mayEdit && (
        <Table.Td>
          <Button size="compact-sm" variant="default" onClick={onEdit} aria-expanded={editing}>
            Edit<span className="visually-hidden"> {p.name}</span>
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
