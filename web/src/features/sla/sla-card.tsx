import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { AnchorLink } from '../../app/links.tsx';
import { byUrgency, slaListQuery } from './queries.ts';
import { RemainingText, SlaStateBadge } from './sla-badge.tsx';

/** The dashboard's view of the SLAs: the incidents that need attention (breached, then at risk). */
export function SlaCard() {
  const list = useQuery(slaListQuery('attention'));
  const items = (list.data?.items ?? []).slice().sort(byUrgency);
  return (
    <section aria-labelledby="sla-attention">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="sla-attention">
          Remediation SLAs needing attention
        </Title>
        <AnchorLink to="/sla">All SLAs</AnchorLink>
      </Group>
      <ErrorAlert error={list.error} title="The SLAs could not be loaded" />
      <Card withBorder padding="sm" data-testid="sla-card">
        {list.isSuccess && items.length === 0 && (
          <Text size="sm">Every open incident is on track with its remediation SLA.</Text>
        )}
        <Stack gap={4}>
          {items.slice(0, 6).map((s) => (
            <Group key={s.incidentKey} justify="space-between" wrap="wrap" gap="xs">
              <Group gap="xs">
                <AnchorLink to="/incidents/$key" params={{ key: s.incidentKey }} fw={600}>
                  {s.incidentKey}
                </AnchorLink>
                <SlaStateBadge state={s.state} size="sm" />
              </Group>
              <RemainingText sla={s} fetchedAt={list.dataUpdatedAt} />
            </Group>
          ))}
          {items.length > 6 && (
            <AnchorLink to="/sla" size="sm">
              All {items.length} incidents needing attention
            </AnchorLink>
          )}
        </Stack>
      </Card>
    </section>
  );
}
