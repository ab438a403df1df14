import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { EscalationRun, PolicyDocument } from '../../api/types.ts';
import { InlineLoader } from '../../app/inline-loader.tsx';
import { formatTime } from '../../lib/time.ts';
import { describeNext } from './describe.ts';
import { PageItem } from './page-item.tsx';
import { eventEscalationsQuery, incidentEscalationsQuery } from './queries.ts';
import { RUN_STATE, STEP_STATE } from './states.ts';

/** An incident's escalation: each rule that ran, its steps, who was paged and what became of it. */
export function IncidentEscalations({
  incidentKey,
  doc,
}: {
  incidentKey: string;
  doc: PolicyDocument | undefined;
}) {
  return <Runs query={useQuery(incidentEscalationsQuery(incidentKey))} doc={doc} />;
}

/** The same for an event under triage (before it becomes an incident). */
export function EventEscalations({ eventRef, doc }: { eventRef: string; doc: PolicyDocument | undefined }) {
  const query = useQuery(eventEscalationsQuery(eventRef));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="event-escalation">
      <Stack gap="sm">
        <Title order={2} size="h4" id="event-escalation">
          Who was told
        </Title>
        <Runs query={query} doc={doc} />
      </Stack>
    </Paper>
  );
}

function Runs({
  query,
  doc,
}: {
  query: UseQueryResult<{ items: EscalationRun[] }>;
  doc: PolicyDocument | undefined;
}) {
  if (query.isPending) return <InlineLoader label="Loading the escalation…" />;
  if (query.isError) return <ErrorAlert error={query.error} title="The escalation could not be loaded" />;
  const runs = query.data.items;
  if (runs.length === 0) return <Text size="sm">No escalation rule has run yet: nobody has been paged.</Text>;
  return (
    <Stack gap="md" data-testid="escalations">
      {runs.map((r) => (
        <Run key={r.id} run={r} doc={doc} />
      ))}
    </Stack>
  );
}

function Run({ run: r, doc }: { run: EscalationRun; doc: PolicyDocument | undefined }) {
  const look = RUN_STATE[r.state];
  const headingId = `run-${r.id}`;
  return (
    <section aria-labelledby={headingId} data-rule={r.rule.id}>
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Title order={3} size="h5" id={headingId} style={{ flex: '1 1 260px' }}>
            {r.rule.name}
          </Title>
          <Badge color={look.color} variant="filled">
            {look.label}
          </Badge>
        </Group>
        <Text size="xs">
          On {r.trigger} · started {formatTime(r.startedAt)}
          {r.endedAt ? ` · ended ${formatTime(r.endedAt)}` : ''}
          {r.endReason ? ` (${r.endReason})` : ''}
        </Text>
        <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {r.steps.map((s) => {
            const state = STEP_STATE[s.state];
            const next = describeNext(doc, r.rule.id, s);
            return (
              <Stack
                key={s.id}
                gap={6}
                component="li"
                pl="sm"
                style={{ borderLeft: '3px solid var(--mantine-color-gray-4)' }}
                data-step={s.id}
                data-step-state={s.state}
              >
                <Group gap="xs" wrap="wrap">
                  <Text size="sm" fw={600}>
                    Step {s.id}
                  </Text>
                  <Badge color={state.color} variant="outline">
                    {state.label}
                  </Badge>
                </Group>
                {s.endReason && <Text size="sm">{s.endReason}</Text>}
                {next && <Text size="sm">{next}</Text>}
                {s.pages.length === 0 && s.state !== 'scheduled' && s.state !== 'stopped' && (
                  <Text size="sm">Nobody could be paged for this step; the timeline says why.</Text>
                )}
                {s.pages.map((p) => (
                  <PageItem key={p.id} page={p} doc={doc} onBehalf={s.state === 'paging'} />
                ))}
              </Stack>
            );
          })}
        </Stack>
      </Stack>
    </section>
  );
}
