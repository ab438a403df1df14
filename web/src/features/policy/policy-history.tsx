import { Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { diffLines } from 'diff';
import { useState } from 'react';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { COLORS } from '../../app/colors.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { useCan } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';
import { policyVersionQuery, policyVersionsQuery } from './queries.ts';

/** Every stored version, which one is active, and what changed between two of them. */
export function PolicyHistory() {
  const can = useCan();
  const queryClient = useQueryClient();
  const versions = useQuery(policyVersionsQuery);
  const activate = useMutation({
    mutationFn: (version: number) => post(`/policy/versions/${version}/activate`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['policy'] }),
  });
  const items = versions.data?.items ?? [];
  return (
    <Stack>
      <ErrorAlert error={versions.error} title="The versions could not be loaded" />
      <ScrollTable label="Policy versions" minWidth={560}>
        <Table withTableBorder>
          <ColumnHeads columns={['Version', 'Name', 'Stored', 'Activated', 'SHA-256']} />
          <Table.Tbody>
            {items.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>
                  v{v.version} {v.active && <Badge color={COLORS.ok}>active</Badge>}
                </Table.Td>
                <Table.Td>{v.title}</Table.Td>
                <Table.Td>
                  {formatTime(v.createdAt)}
                  {v.createdBy ? ` by ${v.createdBy.name}` : ''}
                </Table.Td>
                <Table.Td>
                  {v.activatedAt ? formatTime(v.activatedAt) : '—'}
                  {v.activatedAt && v.activatedBy ? ` by ${v.activatedBy.name}` : ''}
                  {!v.active && can('policy.activate') && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      ml="xs"
                      onClick={() => activate.mutate(v.version)}
                      loading={activate.isPending && activate.variables === v.version}
                    >
                      Activate
                    </Button>
                  )}
                </Table.Td>
                <Table.Td>
                  <code>{v.sha256.slice(0, 12)}</code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <ErrorAlert error={activate.error} title="The version was not activated" />
      {items.length > 0 && <PolicyDiff versions={items.map((v) => v.version)} />}
    </Stack>
  );
}

type DiffRow = { id: number; kind: '+' | '-' | ' '; text: string };

/** Diff parts as lines; unchanged runs are folded to three lines of context on each side. */
function diffRows(parts: { value: string; added?: boolean; removed?: boolean }[]): DiffRow[] {
  const rows: DiffRow[] = [];
  const push = (kind: DiffRow['kind'], text: string) => rows.push({ id: rows.length, kind, text });
  for (const p of parts) {
    const lines = p.value.replace(/\n$/, '').split('\n');
    if (p.added || p.removed) {
      for (const l of lines) push(p.added ? '+' : '-', l);
    } else if (lines.length > 8) {
      for (const l of lines.slice(0, 3)) push(' ', l);
      push(' ', `… ${lines.length - 6} unchanged lines …`);
      for (const l of lines.slice(-3)) push(' ', l);
    } else {
      for (const l of lines) push(' ', l);
    }
  }
  return rows;
}

function PolicyDiff({ versions }: { versions: number[] }) {
  const newest = versions[0] ?? 1;
  const [from, setFrom] = useState<string | null>(String(versions[1] ?? newest));
  const [to, setTo] = useState<string | null>(String(newest));
  const a = useQuery({ ...policyVersionQuery(Number(from)), enabled: !!from });
  const b = useQuery({ ...policyVersionQuery(Number(to)), enabled: !!to });
  const data = versions.map((v) => ({ value: String(v), label: `v${v}` }));
  const parts = a.data && b.data ? diffLines(a.data.source, b.data.source) : [];
  const changed = parts.filter((p) => p.added || p.removed);
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <Select
          label="Compare version"
          data={data}
          value={from}
          onChange={setFrom}
          w={140}
          allowDeselect={false}
        />
        <Select label="with version" data={data} value={to} onChange={setTo} w={140} allowDeselect={false} />
      </Group>
      <ErrorAlert error={a.error ?? b.error} title="A version could not be loaded" />
      {a.data && b.data && (
        <>
          <Text size="sm" aria-live="polite">
            {from === to
              ? 'The same version: nothing to compare.'
              : changed.length === 0
                ? 'The two versions have the same source.'
                : `${changed.filter((p) => p.added).reduce((n, p) => n + (p.count ?? 0), 0)} lines added, ${changed
                    .filter((p) => p.removed)
                    .reduce((n, p) => n + (p.count ?? 0), 0)} removed.`}
          </Text>
          <section
            aria-label={`Differences between v${from} and v${to}`}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
            tabIndex={0}
            style={{ maxHeight: 480, overflow: 'auto', border: '1px solid var(--mantine-color-gray-4)' }}
          >
            <pre style={{ fontSize: 12, padding: 8, margin: 0 }}>
              {diffRows(parts).map((row) => (
                <span
                  key={row.id}
                  className={row.kind === '+' ? 'diff-add' : row.kind === '-' ? 'diff-del' : undefined}
                >
                  {`${row.kind} ${row.text}\n`}
                </span>
              ))}
            </pre>
          </section>
        </>
      )}
    </Stack>
  );
}
