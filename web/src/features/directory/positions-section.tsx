import { Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { put } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Person, Position } from '../../api/types.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { useCan } from '../../app/session.tsx';
import { nameOfHandle, peopleQuery, personOptions, positionsQuery } from './queries.ts';

/**
 * The policy's named positions (CEO, CTO, CISO, Manager of DevOps, Security Delegate …) and who holds
 * each: escalation pages the holder. Administrators change holders here.
 */
export function PositionsSection() {
  const can = useCan();
  const positions = useQuery(positionsQuery);
  const people = useQuery(peopleQuery);
  const mayEdit = can('users.manage');
  return (
    <Stack>
      <ErrorAlert error={positions.error ?? people.error} title="The positions could not be loaded" />
      <ScrollTable label="Positions" minWidth={mayEdit ? 560 : 320}>
        <Table verticalSpacing="xs">
          <ColumnHeads columns={['Position', 'Holder']} />
          <Table.Tbody>
            {(positions.data?.items ?? []).map((p) => (
              <Table.Tr key={p.key} data-position={p.key}>
                <Table.Th scope="row">{p.name}</Table.Th>
                <Table.Td>
                  {mayEdit ? (
                    <HolderPicker key={`${p.key}:${p.holder}`} position={p} people={people.data?.items} />
                  ) : (
                    <Text size="sm">{p.holder ? nameOfHandle(people.data?.items, p.holder) : 'Nobody'}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

function HolderPicker({ position, people }: { position: Position; people: Person[] | undefined }) {
  const queryClient = useQueryClient();
  const [holder, setHolder] = useState<string | null>(position.holder);
  const save = useMutation({
    mutationFn: () => put<Position>(`/directory/positions/${position.key}`, { holder }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['directory'] });
      notifications.show({
        color: 'green',
        title: 'Saved',
        message: `${saved.name}: ${saved.holder ? nameOfHandle(people, saved.holder) : 'nobody'}.`,
      });
    },
  });
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <Select
          aria-label={`Holder of ${position.name}`}
          placeholder="Nobody"
          data={personOptions(people)}
          value={holder}
          onChange={setHolder}
          searchable
          clearable
          style={{ flex: 1, minWidth: 0 }}
        />
        <Button
          size="sm"
          variant="default"
          disabled={holder === position.holder}
          loading={save.isPending}
          onClick={() => save.mutate()}
        >
          Save<span className="visually-hidden"> {position.name}</span>
        </Button>
      </Group>
      <ErrorAlert error={save.error} title={`${position.name} was not saved`} />
    </Stack>
  );
}
