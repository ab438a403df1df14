import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Person, PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { useCan, useMe } from '../../app/session.tsx';
import { nameOf } from '../policy/queries.ts';
import { AvailabilityBadge, AwayForm, isAway, MarkAvailableButton } from './availability.tsx';
import { PersonForm } from './person-form.tsx';
import { AVOIDABLE_CHANNELS, nameOfHandle, peopleQuery } from './queries.ts';

/** Everyone in the directory with how to reach them; administrators add and edit people here. */
export function PeopleSection({ doc }: { doc: PolicyDocument | undefined }) {
  const can = useCan();
  const me = useMe();
  const mayEdit = can('users.manage');
  const people = useQuery(peopleQuery);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [away, setAway] = useState<string | null>(null);
  const items = people.data?.items ?? [];
  const current = items.find((p) => p.handle === editing);
  const leaving = items.find((p) => p.handle === away);
  // People set their own availability; administrators anyone's (src/directory/people.ts).
  const mayMarkAway = (p: Person) => mayEdit || (!!p.userId && p.userId === me.id);
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
        <ScrollTable label="People" minWidth={1100}>
          <Table verticalSpacing="xs" striped>
            <ColumnHeads
              columns={['Name', 'Title', 'Contact', 'Supervisor', 'Teams and positions', 'Availability']}
              actions={mayEdit}
            />
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
                    setAway(null);
                    setEditing(editing === p.handle ? null : p.handle);
                  }}
                  mayMarkAway={mayMarkAway(p)}
                  markingAway={away === p.handle}
                  onMarkAway={() => {
                    setEditing(null);
                    setAdding(false);
                    setAway(away === p.handle ? null : p.handle);
                  }}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {leaving && <AwayForm key={leaving.handle} person={leaving} onDone={() => setAway(null)} />}
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
  mayMarkAway,
  markingAway,
  onMarkAway,
}: {
  person: Person;
  people: Person[];
  doc: PolicyDocument | undefined;
  mayEdit: boolean;
  editing: boolean;
  onEdit: () => void;
  mayMarkAway: boolean;
  markingAway: boolean;
  onMarkAway: () => void;
}) {
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
          {p.avoidChannels.length > 0 && (
            <Text size="sm">
              Don't reach by:{' '}
              {AVOIDABLE_CHANNELS.filter((c) => p.avoidChannels.includes(c.value))
                .map((c) => c.short)
                .join(', ')}
            </Text>
          )}
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
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <AvailabilityBadge person={p} />
          {mayMarkAway &&
            (isAway(p) ? (
              <MarkAvailableButton person={p} />
            ) : (
              <Button size="compact-sm" variant="default" onClick={onMarkAway} aria-expanded={markingAway}>
                Mark away<span className="visually-hidden"> {p.name}</span>
              </Button>
            ))}
        </Stack>
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
