import { Grid, Group, Loader, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Incident, PolicyDocument } from '../../api/types.ts';
import { AnchorLink } from '../../app/links.tsx';
import { Needs } from '../../app/needs.tsx';
import { formatTime } from '../../lib/time.ts';
import { IncidentEscalations } from '../escalation/escalation-panel.tsx';
import { MyPagesAlert } from '../escalation/my-pages-alert.tsx';
import { MeetingsPanel } from '../meetings/meetings-panel.tsx';
import { CommunicationsPanel } from '../notifications/communications-panel.tsx';
import { OutOfBandBanner } from '../notifications/out-of-band.tsx';
import { nameOf, policyVersionQuery } from '../policy/queries.ts';
import { IncidentSlaBadge, SlaHeadline } from '../sla/sla-badge.tsx';
import { SlaPanel } from '../sla/sla-panel.tsx';
import { PhaseBadge, SeverityBadge, VisibilityBadge } from './badges.tsx';
import { FieldsPanel } from './fields-panel.tsx';
import { PhaseMoves, PhaseStepper } from './phase-panel.tsx';
import { incidentQuery } from './queries.ts';
import { RcaEditor } from './rca-editor.tsx';
import { RolesPanel } from './roles-panel.tsx';
import { Timeline } from './timeline.tsx';

const route = getRouteApi('/app/incidents/$key');
type Tab = 'timeline' | 'escalation' | 'meetings' | 'rca';
const asTab = (v: string | null): Tab =>
  v === 'rca' || v === 'escalation' || v === 'meetings' ? v : 'timeline';

/** One incident, live: every change by anyone shows up here within a second (app/live.ts). */
export function IncidentPage() {
  return (
    <Needs permission="incident.read" title="Incident">
      <IncidentPageScreen />
    </Needs>
  );
}

function IncidentPageScreen() {
  const { key } = route.useParams();
  const { tab } = route.useSearch();
  const navigate = route.useNavigate();
  const incident = useQuery(incidentQuery(key));
  // The rules an incident runs under are those of the policy version it was declared with.
  const policy = useQuery({
    ...policyVersionQuery(incident.data?.policyVersion ?? 0),
    enabled: !!incident.data,
  });
  const setTab = (t: Tab) => navigate({ search: { tab: t }, replace: true });

  if (incident.isPending) {
    return (
      <Group role="status">
        <Loader size="sm" aria-hidden />
        <Text>Loading {key}…</Text>
      </Group>
    );
  }
  if (incident.isError) {
    const missing = incident.error instanceof ApiError && incident.error.status === 404;
    return (
      <Stack>
        <Title order={1}>{missing ? `${key} was not found` : key}</Title>
        {missing ? (
          <Text>There is no incident {key}, or you are not among the people who may see it.</Text>
        ) : (
          <ErrorAlert error={incident.error} title="The incident could not be loaded" />
        )}
        <AnchorLink to="/incidents">Back to the incidents</AnchorLink>
      </Stack>
    );
  }
  const i = incident.data;
  const doc = policy.data?.document;
  return (
    <Stack gap="md">
      <Header incident={i} doc={doc} />
      <OutOfBandBanner incidentKey={i.key} />
      <ErrorAlert error={policy.error} title="The incident's policy could not be loaded" />
      {doc && <PhaseStepper incident={i} doc={doc} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <MyPagesAlert subjectRef={i.key} />
            {doc && <PhaseMoves incident={i} doc={doc} onWriteRca={() => setTab('rca')} />}
            <Tabs value={tab ?? 'timeline'} onChange={(v) => setTab(asTab(v))} keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
                <Tabs.Tab value="escalation">Escalation</Tabs.Tab>
                <Tabs.Tab value="meetings">Meetings</Tabs.Tab>
                <Tabs.Tab value="rca">Root cause analysis{i.hasRca ? ' ✓' : ''}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="timeline" pt="sm">
                <Timeline incidentKey={i.key} doc={doc} />
              </Tabs.Panel>
              <Tabs.Panel value="escalation" pt="sm">
                <IncidentEscalations incidentKey={i.key} doc={doc} />
              </Tabs.Panel>
              <Tabs.Panel value="meetings" pt="sm">
                <MeetingsPanel incidentKey={i.key} />
              </Tabs.Panel>
              <Tabs.Panel value="rca" pt="sm">
                <RcaEditor incident={i} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          {doc && (
            <Stack gap="md">
              <SlaPanel incidentKey={i.key} doc={doc} />
              <CommunicationsPanel incidentKey={i.key} doc={doc} />
              <FieldsPanel incident={i} doc={doc} />
              <RolesPanel incident={i} doc={doc} />
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Header({ incident: i, doc }: { incident: Incident; doc: PolicyDocument | undefined }) {
  return (
    <Paper withBorder p="md">
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Text fw={700} data-testid="incident-key">
            {i.key}
          </Text>
          <SeverityBadge doc={doc} severity={i.severity} size="lg" />
          <PhaseBadge doc={doc} phase={i.phase} />
          <IncidentSlaBadge incidentKey={i.key} />
          <VisibilityBadge visibility={i.visibility} />
          {!i.isOpen && (
            <Text size="sm" fw={600}>
              Closed {formatTime(i.closedAt)}
            </Text>
          )}
        </Group>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
          {i.title}
        </Title>
        <SlaHeadline incidentKey={i.key} />
        <Text size="sm">
          {nameOf(doc?.incidentTypes, i.type)} · declared {formatTime(i.declaredAt)}
          {i.declaredBy ? ` by ${i.declaredBy.name}` : ''} · policy v{i.policyVersion}
          {i.remediationDueAt ? ` · remediate by ${formatTime(i.remediationDueAt)}` : ''}
        </Text>
        {i.summary && (
          <Text size="sm" className="pre-wrap" lineClamp={6}>
            {i.summary}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
