import { Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Delivery, Incident, PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { InlineLoader } from '../../app/inline-loader.tsx';
import { AnchorLink } from '../../app/links.tsx';
import { Needs } from '../../app/needs.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { formatTime } from '../../lib/time.ts';
import { PhaseBadge, SeverityBadge } from '../incidents/badges.tsx';
import { openIncidentsQuery } from '../incidents/queries.ts';
import { useActivePolicy } from '../policy/queries.ts';
import { queueQuery } from './queries.ts';

const route = getRouteApi('/app/queues');

/** A department's queue: the incidents assigned to the team ("assigned to the appropriate department"). */
export function QueuesPage() {
  return (
    <Needs permission="incident.read" title="Team queues">
      <QueuesScreen />
    </Needs>
  );
}

type Row = { key: string | null; latest: Delivery; count: number };

/** One row per incident (its newest queue item and how many there were), newest first. */
function byIncident(items: Delivery[]): Row[] {
  const rows = new Map<string, Row>();
  for (const d of items) {
    const k = d.incidentKey ?? `delivery:${d.id}`;
    const row = rows.get(k);
    if (row) row.count++;
    else rows.set(k, { key: d.incidentKey, latest: d, count: 1 });
  }
  return [...rows.values()];
}

function QueuesScreen() {
  const { team } = route.useSearch();
  const navigate = route.useNavigate();
  const doc = useActivePolicy().data?.document;
  const teams = doc?.teams ?? [];
  const current = team ?? teams[0]?.key;
  return (
    <Stack gap="md">
      <Title order={1}>Team queues</Title>
      <Text size="sm">
        What escalation assigned to a department's queue (the policy's P2 and P3 rules, for instance): the
        team picks the incident up from here.
      </Text>
      <Select
        label="Team"
        data={teams.map((t) => ({ value: t.key, label: t.name }))}
        value={current ?? null}
        onChange={(v) => v && navigate({ search: { team: v }, replace: true })}
        allowDeselect={false}
        maw={320}
      />
      {current && <Queue team={current} doc={doc} />}
    </Stack>
  );
}

function Queue({ team, doc }: { team: string; doc: PolicyDocument | undefined }) {
  const queue = useInfiniteQuery(queueQuery(team));
  const open = useQuery(openIncidentsQuery);
  const incidents = new Map((open.data?.items ?? []).map((i) => [i.key, i]));
  const rows = byIncident(queue.data?.pages.flatMap((p) => p.items) ?? []);
  const name = doc?.teams.find((t) => t.key === team)?.name ?? team;
  return (
    <Stack gap="sm">
      <ErrorAlert error={queue.error} title="The queue could not be loaded" />
      {queue.isPending && <InlineLoader label="Loading the queue…" />}
      {queue.isSuccess && rows.length === 0 && <Text>Nothing has been assigned to {name}'s queue.</Text>}
      {rows.length > 0 && (
        <ScrollTable label={`${name} queue`} minWidth={760}>
          <Table verticalSpacing="xs" striped>
            <ColumnHeads columns={['Incident', 'State', 'Assignee', 'Last queued']} />
            <Table.Tbody>
              {rows.map((r) => (
                <QueueRow
                  key={r.key ?? r.latest.id}
                  row={r}
                  incident={r.key ? incidents.get(r.key) : undefined}
                  doc={doc}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {queue.hasNextPage && (
        <Group>
          <Button variant="default" loading={queue.isFetchingNextPage} onClick={() => queue.fetchNextPage()}>
            Show older
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function QueueRow({
  row: r,
  incident: i,
  doc,
}: {
  row: Row;
  incident: Incident | undefined;
  doc: PolicyDocument | undefined;
}) {
  return (
    <Table.Tr data-queue-item={r.key ?? r.latest.id}>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          {i && <SeverityBadge doc={doc} severity={i.severity} size="sm" />}
          {r.key ? (
            <AnchorLink to="/incidents/$key" params={{ key: r.key }} fw={600}>
              {r.key}
            </AnchorLink>
          ) : (
            <Text size="sm" fw={600}>
              {r.latest.subject}
            </Text>
          )}
          {!r.latest.readAt && (
            <Badge color={COLORS.accent} variant="filled" size="sm">
              New
            </Badge>
          )}
        </Group>
        <Text size="sm" lineClamp={1}>
          {i?.title ?? r.latest.subject}
        </Text>
      </Table.Td>
      <Table.Td>{i ? <PhaseBadge doc={doc} phase={i.phase} /> : <Text size="sm">—</Text>}</Table.Td>
      <Table.Td>
        <Text size="sm">{i?.assignee?.name ?? 'Nobody yet'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatTime(r.latest.createdAt)}</Text>
        {r.count > 1 && <Text size="xs">{r.count} notices</Text>}
      </Table.Td>
    </Table.Tr>
  );
}
