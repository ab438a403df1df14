import { Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { formatTime } from '../../lib/time.ts';
import { PolicyHistory } from './policy-history.tsx';
import { ClosureGates, EscalationRules, Phases, Roles, Section, SeverityMatrix } from './policy-sections.tsx';
import { useActivePolicy } from './queries.ts';

/** The active policy rendered for people: the rulebook Cordon enforces, with its sources quoted. */
export function PolicyPage() {
  const policy = useActivePolicy();
  if (policy.isPending) {
    return (
      <Group role="status">
        <Loader size="sm" aria-hidden />
        <Text>Loading the policy…</Text>
      </Group>
    );
  }
  if (policy.isError) return <ErrorAlert error={policy.error} title="The policy could not be loaded" />;
  const p = policy.data;
  const doc = p.document;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>Policy</Title>
        <Text fw={600}>{doc.metadata.title}</Text>
        <Text size="sm">
          Version {p.version} ({p.name}), active since {formatTime(p.activatedAt)}
          {p.activatedBy ? ` (activated by ${p.activatedBy.name})` : ''}.
          {doc.metadata.sources?.length ? ` Built from: ${doc.metadata.sources.join('; ')}.` : ''}
        </Text>
      </Stack>
      <Tabs defaultValue="rules">
        <Tabs.List>
          <Tabs.Tab value="rules">The rules</Tabs.Tab>
          <Tabs.Tab value="history">Versions and changes</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rules" pt="md">
          <Stack gap="xl">
            <Section id="policy-severities" title="Severities and remediation SLAs">
              <SeverityMatrix doc={doc} />
            </Section>
            <Section id="policy-escalation" title="Escalation">
              <EscalationRules doc={doc} />
            </Section>
            <Section id="policy-phases" title="Phases">
              <Phases doc={doc} />
            </Section>
            <Section id="policy-closure" title="Closure gates">
              <ClosureGates doc={doc} />
            </Section>
            <Section id="policy-roles" title="Roles">
              <Roles doc={doc} />
            </Section>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <PolicyHistory />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
