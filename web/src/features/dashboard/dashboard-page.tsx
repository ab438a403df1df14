import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { CordonEvent, Incident, Page, PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { AnchorLink, ButtonLink } from '../../app/links.tsx';
import { useCan, useMe } from '../../app/session.tsx';
import { age } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { PhaseBadge, SeverityBadge, SlaCountdown, VisibilityBadge } from '../incidents/badges.tsx';
import { openIncidentsQuery } from '../incidents/queries.ts';
import { MyReports } from '../intake/my-reports.tsx';
import { useActivePolicy } from '../policy/queries.ts';
import { SlaCard } from '../sla/sla-card.tsx';

export function DashboardPage() {
  const me = useMe();
  const can = useCan();
  const policy = useActivePolicy();
  const doc = policy.data?.document;
  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Dashboard</Title>
        <ButtonLink to="/report" color={COLORS.danger}>
          Report a security event
        </ButtonLink>
      </Group>
      <ErrorAlert error={policy.error} title="The policy could not be loaded" />
      {can('incident.read') && <OpenIncidents doc={doc} meId={me.id} />}
      {can('incident.read') && <SlaCard />}
      {can('event.read') && <AwaitingTriage />}
      {!can('incident.read') && (
        <Text>
          Seen something suspicious? Report it straight away — the Security Delegate triages every report.
        </Text>
      )}
      <MyReports />
    </Stack>
  );
}

function IncidentRow({ incident, doc }: { incident: Incident; doc: PolicyDocument | undefined }) {
  return (
    <Group justify="space-between" wrap="wrap" gap="xs" py={4}>
      <Stack gap={0} style={{ minWidth: 0, flex: '1 1 220px' }}>
        <AnchorLink to="/incidents/$key" params={{ key: incident.key }} fw={600}>
          {incident.key}
        </AnchorLink>
        <Text size="sm" lineClamp={1}>
          {incident.title}
        </Text>
      </Stack>
      <Group gap={6} wrap="wrap">
        <PhaseBadge doc={doc} phase={incident.phase} />
        <VisibilityBadge visibility={incident.visibility} />
        <SlaCountdown incident={incident} />
      </Group>
    </Group>
  );
}

function OpenIncidents({ doc, meId }: { doc: PolicyDocument | undefined; meId: string }) {
  const open = useQuery(openIncidentsQuery);
  const items = open.data?.items ?? [];
  const severities = doc?.severities.slice().sort((a, b) => a.rank - b.rank) ?? [];
  const mine = items.filter((i) => i.assignee?.id === meId || i.roles.some((r) => r.user.id === meId));
  return (
    <>
      <section aria-labelledby="open-incidents">
        <Title order={2} size="h3" id="open-incidents" mb="xs">
          Open incidents by severity
        </Title>
        <ErrorAlert error={open.error} title="Open incidents could not be loaded" />
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {severities.map((s) => {
            const list = items.filter((i) => i.severity === s.key);
            return (
              <Card key={s.key} withBorder padding="sm" data-testid={`severity-${s.key}`}>
                <Group justify="space-between" mb={4}>
                  <Group gap="xs">
                    <SeverityBadge doc={doc} severity={s.key} />
                    <Text fw={600}>{s.name}</Text>
                  </Group>
                  <Text size="sm" aria-label={`${list.length} open`}>
                    {list.length} open
                    {s.remediationSla ? ` · SLA ${s.remediationSla}` : ''}
                  </Text>
                </Group>
                {list.length === 0 ? (
                  <Text size="sm">None open.</Text>
                ) : (
                  list.slice(0, 8).map((i) => <IncidentRow key={i.key} incident={i} doc={doc} />)
                )}
                {list.length > 8 && (
                  <AnchorLink to="/incidents" search={{ severity: s.key, open: 'true' }} size="sm">
                    All {list.length} open {s.key} incidents
                  </AnchorLink>
                )}
              </Card>
            );
          })}
        </SimpleGrid>
      </section>
      <section aria-labelledby="my-assignments">
        <Title order={2} size="h3" id="my-assignments" mb="xs">
          My assignments
        </Title>
        <Card withBorder padding="sm">
          {open.isSuccess && mine.length === 0 && <Text size="sm">Nothing is assigned to you.</Text>}
          {mine.map((i) => (
            <Group key={i.key} gap="xs" wrap="nowrap" align="flex-start">
              <SeverityBadge doc={doc} severity={i.severity} size="sm" />
              <div style={{ flex: 1, minWidth: 0 }}>
                <IncidentRow incident={i} doc={doc} />
              </div>
            </Group>
          ))}
        </Card>
      </section>
    </>
  );
}

function AwaitingTriage() {
  const now = useNow();
  const events = useQuery({
    queryKey: ['events', { status: 'awaiting_triage' }],
    queryFn: () => get<Page<CordonEvent>>('/events', { status: 'awaiting_triage', limit: 50 }),
  });
  const items = events.data?.items ?? [];
  return (
    <section aria-labelledby="awaiting-triage">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="awaiting-triage">
          Events awaiting triage{' '}
          <Badge color={COLORS.accent} variant="filled" component="span">
            {events.data?.nextCursor ? `${items.length}+` : items.length}
          </Badge>
        </Title>
        <AnchorLink to="/triage">Open the triage queue</AnchorLink>
      </Group>
      <ErrorAlert error={events.error} title="The triage queue could not be loaded" />
      <Card withBorder padding="sm">
        {events.isSuccess && items.length === 0 && (
          <Text size="sm">Nothing is waiting. Every report has a decision.</Text>
        )}
        {items.slice(0, 8).map((e) => (
          <Group key={e.ref} justify="space-between" wrap="wrap" gap="xs" py={4}>
            <Text size="sm" style={{ flex: '1 1 200px', minWidth: 0 }} lineClamp={2}>
              <strong>{e.ref}</strong> {e.title}
            </Text>
            <Text size="sm">
              {e.source}
              {e.count > 1 ? ` · ×${e.count}` : ''} · waiting {age(e.createdAt, now).replace(' ago', '')}
            </Text>
          </Group>
        ))}
      </Card>
    </section>
  );
}
