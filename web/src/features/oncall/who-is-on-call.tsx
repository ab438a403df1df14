import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { OnCallNow } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { formatTime } from '../../lib/time.ts';
import { onCallQuery } from './queries.ts';

/** "Who is on call now", and at any chosen time (GET /oncall/now?at=…), overrides applied. */
export function WhoIsOnCall() {
  const now = useQuery(onCallQuery(undefined));
  const [input, setInput] = useState('');
  const [at, setAt] = useState<string | undefined>(undefined);
  const later = useQuery({ ...onCallQuery(at), enabled: at !== undefined });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const d = new Date(input);
    if (!Number.isNaN(d.getTime())) setAt(d.toISOString());
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="on-call-now">
      <Stack gap="sm">
        <Title order={2} size="h3" id="on-call-now">
          Who is on call now
        </Title>
        <ErrorAlert error={now.error} title="Who is on call could not be loaded" />
        {now.data && <OnCallTable label="On call now" data={now.data} />}
        <form onSubmit={submit} aria-label="On call at another time">
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput
              label="On call at"
              type="datetime-local"
              value={input}
              onChange={(e) => setInput(e.currentTarget.value)}
            />
            <Button type="submit" variant="default" disabled={!input}>
              Show
            </Button>
          </Group>
        </form>
        <ErrorAlert error={later.error} title="Who is on call then could not be loaded" />
        {at && later.data && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              On call at {formatTime(later.data.at)}
            </Text>
            <OnCallTable label={`On call at ${formatTime(later.data.at)}`} data={later.data} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function OnCallTable({ label, data }: { label: string; data: OnCallNow }) {
  if (data.items.length === 0) return <Text size="sm">There are no on-call schedules yet.</Text>;
  return (
    <ScrollTable label={label} minWidth={520}>
      <Table verticalSpacing={4}>
        <ColumnHeads columns={['Schedule', 'On call', 'Shift']} />
        <Table.Tbody>
          {data.items.map((i) => (
            <Table.Tr key={i.schedule} data-schedule={i.schedule}>
              <Table.Th scope="row">{i.name}</Table.Th>
              <Table.Td>
                {i.shift?.person ? (
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {i.shift.person.name}
                    </Text>
                    {i.shift.source === 'override' && (
                      <Badge color={COLORS.accent} variant="filled" size="sm">
                        override
                      </Badge>
                    )}
                  </Group>
                ) : (
                  <Text size="sm">Nobody</Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {i.shift ? `${formatTime(i.shift.startsAt)} – ${formatTime(i.shift.endsAt)}` : '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
