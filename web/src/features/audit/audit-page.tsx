import {
  Alert,
  Button,
  Code,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { get } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { AuditEntry, ChainVerification, Page } from '../../api/types.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { FilterActions } from '../../app/filter-actions.tsx';
import { Needs } from '../../app/needs.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { useCan } from '../../app/session.tsx';
import { withoutEmpty } from '../../lib/search-params.ts';
import { formatTime } from '../../lib/time.ts';
import { usersQuery } from '../incidents/users-query.ts';
import type { AuditSearch } from './search.ts';

const route = getRouteApi('/app/audit');

/** The global hash-chained audit log, newest first, and a check that nothing was altered or removed. */
export function AuditPage() {
  return (
    <Needs permission="audit.read" title="Audit log">
      <AuditPageScreen />
    </Needs>
  );
}

function AuditPageScreen() {
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const users = useQuery({ ...usersQuery, enabled: can('users.manage') || can('incident.assign_roles') });
  const [form, setForm] = useState({ action: search.action ?? '', incidentKey: search.incidentKey ?? '' });
  useEffect(
    () => setForm({ action: search.action ?? '', incidentKey: search.incidentKey ?? '' }),
    [search.action, search.incidentKey],
  );
  const log = useInfiniteQuery({
    queryKey: ['audit', search],
    queryFn: ({ pageParam, signal }) =>
      get<Page<AuditEntry>>('/audit', { ...search, cursor: pageParam, limit: 100 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate({
      search: (prev: AuditSearch) =>
        withoutEmpty({
          ...prev,
          action: form.action.trim(),
          incidentKey: form.incidentKey.trim().toUpperCase(),
        }),
    });
  };
  return (
    <Stack>
      <Title order={1}>Audit log</Title>
      <VerifyChains />
      <form onSubmit={apply} aria-label="Filter the audit log">
        <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs">
          <TextInput
            label="Action"
            placeholder="e.g. incident.closed"
            value={form.action}
            onChange={(e) => setForm({ ...form, action: e.currentTarget.value })}
          />
          <TextInput
            label="Incident key"
            placeholder="INC-2026-0001"
            value={form.incidentKey}
            onChange={(e) => setForm({ ...form, incidentKey: e.currentTarget.value })}
          />
          <Select
            label="Who"
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            value={search.actorId ?? null}
            onChange={(v) =>
              navigate({ search: (prev: AuditSearch) => withoutEmpty({ ...prev, actorId: v ?? undefined }) })
            }
            clearable
            searchable
            disabled={!users.data}
            placeholder="Anyone"
          />
          <FilterActions onClear={() => navigate({ search: {} })} />
        </SimpleGrid>
      </form>
      <ErrorAlert error={log.error} title="The audit log could not be loaded" />
      <ScrollTable label="Audit entries" minWidth={720}>
        <Table striped verticalSpacing={4} fz="sm">
          <ColumnHeads columns={['#', 'Action', 'Target', 'Who', 'When', 'Data']} />
          <Table.Tbody>
            {entries.map((a) => (
              <Table.Tr key={a.seq}>
                <Table.Td>{a.seq}</Table.Td>
                <Table.Td>
                  <Code>{a.action}</Code>
                </Table.Td>
                <Table.Td>{a.targetId ?? a.targetType}</Table.Td>
                <Table.Td>{a.actor?.name ?? 'Cordon'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(a.at)}</Table.Td>
                <Table.Td>
                  <Text size="xs" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                    {Object.keys(a.data).length ? JSON.stringify(a.data) : ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
            {log.isSuccess && entries.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>No entry matches.</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {log.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
            Load older entries
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function VerifyChains() {
  const verify = useMutation({ mutationFn: () => get<ChainVerification>('/audit/verify') });
  const r = verify.data;
  return (
    <Stack gap="xs">
      <Group>
        <Button onClick={() => verify.mutate()} loading={verify.isPending} variant="default">
          Verify chains
        </Button>
        <Text size="sm">Recomputes every hash of the audit log and of each incident timeline.</Text>
      </Group>
      <ErrorAlert error={verify.error} title="The verification could not run" />
      {r && (
        <Alert
          color={r.ok ? 'green' : 'red'}
          role="status"
          title={r.ok ? 'The chains are intact' : 'A chain is broken'}
          data-testid="verify-result"
        >
          <Text size="sm">
            Audit log: {r.audit.checked} entries checked
            {r.audit.firstBroken
              ? `; first broken at #${r.audit.firstBroken.seq}: ${r.audit.firstBroken.reason}`
              : ', none altered or missing'}
            .
          </Text>
          <Text size="sm">
            Timelines: {r.timelines.checked} entries in {r.timelines.incidents} incidents checked
            {r.timelines.firstBroken
              ? `; first broken: ${r.timelines.firstBroken.incidentKey} #${r.timelines.firstBroken.seq}: ${r.timelines.firstBroken.reason}`
              : ', none altered or missing'}
            .
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
