import { Group, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { formatTime } from '../../lib/time.ts';
import { incidentSlaQuery } from './queries.ts';
import { hasSla, RemainingText, SLA_LOOK, SlaStateBadge } from './sla-badge.tsx';

function describeWindow(doc: PolicyDocument | undefined, severity: string): string {
  const window = doc?.severities.find((s) => s.key === severity)?.remediationSla;
  return window ? `${severity} incidents are to be closed within ${window}. ` : '';
}

/**
 * The incident's remediation SLA in detail (incident-response-plan: "Incidents will be closed within the
 * following SLAs"): its state, the due time, how much of the window is used, and the policy's thresholds.
 */
export function SlaPanel({ incidentKey, doc }: { incidentKey: string; doc: PolicyDocument | undefined }) {
  const query = useQuery(incidentSlaQuery(incidentKey));
  const sla = query.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sla-title" data-testid="sla-panel">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="sla-title">
            Remediation SLA
          </Title>
          {sla && <SlaStateBadge state={sla.state} />}
        </Group>
        <ErrorAlert error={query.error} title="The SLA could not be loaded" />
        {sla && !hasSla(sla) && <Text size="sm">This incident's severity has no remediation SLA.</Text>}
        {hasSla(sla) && (
          <>
            <Text size="sm">
              {describeWindow(doc, sla.severity)}Due <time dateTime={sla.dueAt}>{formatTime(sla.dueAt)}</time>
              : <RemainingText sla={sla} fetchedAt={query.dataUpdatedAt} />
            </Text>
            <Progress
              value={Math.min(100, sla.percentUsed)}
              color={SLA_LOOK[sla.state].color}
              aria-label={`${sla.percentUsed}% of the remediation window used`}
            />
            <Text size="xs">{sla.percentUsed}% of the window used</Text>
            {sla.thresholds.length > 0 && (
              <List size="sm" spacing={2} aria-label="Reminder thresholds">
                {sla.thresholds.map((t) => (
                  <List.Item key={t.percent}>
                    {t.percent}% at {formatTime(t.at)}{' '}
                    {t.passed ? (
                      <Text span size="sm" fw={600} c={COLORS.warn}>
                        (passed)
                      </Text>
                    ) : (
                      '(ahead)'
                    )}
                  </List.Item>
                ))}
              </List>
            )}
            {sla.breachedAt && (
              <Text size="sm" fw={600} c={COLORS.danger}>
                Breached {formatTime(sla.breachedAt)}; who was told is on the timeline.
              </Text>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
