import {
  Button,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { AnchorLink } from '../../app/links.tsx';
import { Needs } from '../../app/needs.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { withoutEmpty } from '../../lib/search-params.ts';
import { nameOf, useActivePolicy } from '../policy/queries.ts';
import { PhaseBadge, SeverityBadge, SlaCountdown, VisibilityBadge } from './badges.tsx';
import { incidentsQuery } from './queries.ts';
import type { IncidentSearch } from './search.ts';

const route = getRouteApi('/app/incidents');

/**
 * Incidents with filters and full-text search. The whole view (filters, search, page) is the URL, so a
 * view can be bookmarked or sent to a colleague; only incidents the reader may see are ever listed.
 */
export function IncidentsPage() {
  return (
    <Needs permission="incident.read" title="Incidents">
      <IncidentsPageScreen />
    </Needs>
  );
}

function IncidentsPageScreen() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const policy = useActivePolicy();
  const doc = policy.data?.document;
  const list = useQuery(incidentsQuery(search));
  const [q, setQ] = useState(search.q ?? '');
  // Back and forward change the URL: the search box follows it.
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  const setFilter = (patch: Partial<IncidentSearch>) =>
    navigate({ search: (prev: IncidentSearch) => withoutEmpty({ ...prev, ...patch, cursor: undefined }) });
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ q: q.trim() || undefined });
  };
  const items = list.data?.items ?? [];
  return (
    <Stack>
      <Title order={1}>Incidents</Title>
      <form onSubmit={submitSearch} aria-label="Search incidents">
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            label="Search"
            placeholder="Words from the title or summary, or a key"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit">Search</Button>
        </Group>
      </form>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Select
          label="Status"
          data={[
            { value: 'true', label: 'Open' },
            { value: 'false', label: 'Closed' },
          ]}
          value={search.open ?? null}
          onChange={(v) => setFilter({ open: v === 'true' || v === 'false' ? v : undefined })}
          clearable
          placeholder="Any"
        />
        <Select
          label="Severity"
          data={(doc?.severities ?? []).map((s) => ({ value: s.key, label: `${s.key} · ${s.name}` }))}
          value={search.severity ?? null}
          onChange={(v) => setFilter({ severity: v ?? undefined })}
          clearable
          placeholder="Any"
        />
        <Select
          label="Phase"
          data={(doc?.phases ?? []).map((p) => ({ value: p.key, label: p.name.split(' / ')[0] ?? p.key }))}
          value={search.phase ?? null}
          onChange={(v) => setFilter({ phase: v ?? undefined })}
          clearable
          placeholder="Any"
        />
        <Select
          label="Type"
          data={(doc?.incidentTypes ?? []).map((t) => ({ value: t.key, label: t.name }))}
          value={search.type ?? null}
          onChange={(v) => setFilter({ type: v ?? undefined })}
          clearable
          searchable
          placeholder="Any"
        />
      </SimpleGrid>
      <ErrorAlert error={list.error} title="The incidents could not be loaded" />
      <Group justify="space-between">
        <Text size="sm" aria-live="polite">
          {list.isFetching && <Loader size="xs" mr={6} aria-hidden />}
          {list.isSuccess ? `${items.length} incident${items.length === 1 ? '' : 's'} on this page` : ''}
        </Text>
        {(search.q || search.open || search.severity || search.phase || search.type) && (
          <Button
            variant="subtle"
            size="xs"
            onClick={() => {
              setQ('');
              navigate({ search: {} });
            }}
          >
            Clear filters
          </Button>
        )}
      </Group>
      <ScrollTable label="Incidents" minWidth={760}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <ColumnHeads
            columns={['Key', 'Title', 'Severity', 'Phase', 'Type', 'Remediation SLA', 'Assignee']}
          />
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.key}>
                <Table.Td>
                  <AnchorLink to="/incidents/$key" params={{ key: i.key }} fw={600}>
                    {i.key}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" lineClamp={2}>
                      {i.title}
                    </Text>
                    <VisibilityBadge visibility={i.visibility} />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <SeverityBadge doc={doc} severity={i.severity} />
                </Table.Td>
                <Table.Td>
                  <PhaseBadge doc={doc} phase={i.phase} />
                </Table.Td>
                <Table.Td>{nameOf(doc?.incidentTypes, i.type)}</Table.Td>
                <Table.Td>
                  <SlaCountdown incident={i} />
                </Table.Td>
                <Table.Td>{i.assignee?.name ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
            {list.isSuccess && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>No incident matches this view.</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Group>
        {search.cursor && (
          <Button
            variant="default"
            onClick={() =>
              navigate({ search: (prev: IncidentSearch) => withoutEmpty({ ...prev, cursor: undefined }) })
            }
          >
            First page
          </Button>
        )}
        {list.data?.nextCursor && (
          <Button
            variant="default"
            onClick={() =>
              navigate({
                search: (prev: IncidentSearch) =>
                  withoutEmpty({ ...prev, cursor: list.data?.nextCursor ?? undefined }),
              })
            }
          >
            Next page
          </Button>
        )}
      </Group>
    </Stack>
  );
}
