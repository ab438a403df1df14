import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { COLORS } from '../../app/colors.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { formatTime } from '../../lib/time.ts';
import { shiftsQuery } from './queries.ts';

const DAY = 86_400_000;

/** The schedule's calendar for the next two weeks, overrides applied. */
export function UpcomingShifts({ schedule, name }: { schedule: string; name: string }) {
  // Fixed when the card opens (to the minute), so the query key stays stable while it is shown.
  const [range] = useState(() => {
    const from = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    return { from: from.toISOString(), to: new Date(from.getTime() + 14 * DAY).toISOString() };
  });
  const shifts = useQuery(shiftsQuery(schedule, range.from, range.to));
  if (shifts.error) return <ErrorAlert error={shifts.error} title="The shifts could not be loaded" />;
  const items = shifts.data?.items ?? [];
  if (shifts.isSuccess && items.length === 0)
    return <Text size="sm">Nobody is on call in the next 14 days.</Text>;
  return (
    <ScrollTable label={`Upcoming shifts of ${name}`} minWidth={480}>
      <Table verticalSpacing={4}>
        <ColumnHeads columns={['From', 'Until', 'On call']} />
        <Table.Tbody>
          {items.map((s) => (
            <Table.Tr key={`${s.startsAt}:${s.person?.handle ?? ''}`}>
              <Table.Td>{formatTime(s.startsAt)}</Table.Td>
              <Table.Td>{formatTime(s.endsAt)}</Table.Td>
              <Table.Td>
                {s.person?.name ?? 'Unknown person'}{' '}
                {s.source === 'override' && (
                  <Badge color={COLORS.accent} variant="filled" size="sm">
                    override
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
