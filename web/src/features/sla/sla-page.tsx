import { Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Incident, PolicyDocument, Sla } from '../../api/types.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { InlineLoader } from '../../app/inline-loader.tsx';
import { AnchorLink } from '../../app/links.tsx';
import { Needs } from '../../app/needs.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { formatTime } from '../../lib/time.ts';
import { SeverityBadge } from '../incidents/badges.tsx';
import { openIncidentsQuery } from '../incidents/queries.ts';
import { useActivePolicy } from '../policy/queries.ts';
import { byUrgency, type SlaFilter, slaListQuery } from './queries.ts';
import { RemainingText, SlaStateBadge } from './sla-badge.tsx';

const route = getRouteApi('/app/sla');

/** Open incidents by remediation SLA: breached and at risk first, soonest due first. */
export function SlaPage() {
  return (
    <Needs permission="incident.read" title="Remediation SLAs">
      <SlaScreen />
    </Needs>
  );
}

function SlaScreen() {
  const { show } = route.useSearch();
  const navigate = route.useNavigate();
  const filter: SlaFilter = show === 'all' ? 'all' : 'attention';
  const list = useQuery(slaListQuery(filter));
  const incidents = useQuery(openIncidentsQuery);
  const doc = useActivePolicy().data?.document;
  const items = (list.data?.items ?? []).slice().sort(byUrgency);
  const titles = new Map((incidents.data?.items ?? []).map((i) => [i.key, i]));
  return (
    <Stack gap="md">
      <Title order={1}>Remediation SLAs</Title>
      <Text size="sm">
        Open incidents against their severity's remediation window: at risk from the policy's first reminder
        threshold, breached at the due time.
      </Text>
      <SegmentedControl
        aria-label="Which incidents"
        value={filter}
        onChange={(v) => navigate({ search: v === 'all' ? { show: 'all' } : {}, replace: true })}
        data={[
          { value: 'attention', label: 'At risk and breached' },
          { value: 'all', label: 'All open' },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <ErrorAlert error={list.error} title="The SLAs could not be loaded" />
      {list.isPending && <InlineLoader label="Loading the SLAs…" />}
      {list.isSuccess && items.length === 0 && (
        <Text>
          {filter === 'attention'
            ? 'Every open incident is on track.'
            : 'No open incident has a remediation SLA.'}
        </Text>
      )}
      {items.length > 0 && (
        <ScrollTable label="Incidents by SLA state" minWidth={720}>
          <Table verticalSpacing="xs" striped>
            <ColumnHeads columns={['Incident', 'State', 'Due', 'Window used']} />
            <Table.Tbody>
              {items.map((s) => (
                <SlaRow
                  key={s.incidentKey}
                  sla={s}
                  incident={titles.get(s.incidentKey)}
                  fetchedAt={list.dataUpdatedAt}
                  doc={doc}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

function SlaRow({
  sla: s,
  incident,
  fetchedAt,
  doc,
}: {
  sla: Sla;
  incident: Incident | undefined;
  fetchedAt: number;
  doc: PolicyDocument | undefined;
}) {
  return (
    <Table.Tr data-incident={s.incidentKey} data-sla-row={s.state}>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <SeverityBadge doc={doc} severity={s.severity} size="sm" />
          <AnchorLink to="/incidents/$key" params={{ key: s.incidentKey }} fw={600}>
            {s.incidentKey}
          </AnchorLink>
        </Group>
        {incident && (
          <Text size="sm" lineClamp={1}>
            {incident.title}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <SlaStateBadge state={s.state} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatTime(s.dueAt)}</Text>
        <RemainingText sla={s} fetchedAt={fetchedAt} />
      </Table.Td>
      <Table.Td>{s.percentUsed}%</Table.Td>
    </Table.Tr>
  );
}
