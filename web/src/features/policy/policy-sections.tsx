import { Badge, Blockquote, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { EscalationTarget, PolicyDocument, SourceQuote } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { SeverityBadge } from '../incidents/badges.tsx';
import { nameOf } from './queries.ts';

export function Source({ source }: { source: SourceQuote | undefined }) {
  if (!source?.quote) return null;
  return (
    <Blockquote
      p="xs"
      mt={4}
      color="gray"
      cite={`— ${source.document}${source.section ? `, ${source.section}` : ''}`}
    >
      <Text size="sm">{source.quote}</Text>
    </Blockquote>
  );
}

export function SeverityMatrix({ doc }: { doc: PolicyDocument }) {
  const severities = doc.severities.slice().sort((a, b) => a.rank - b.rank);
  return (
    <ScrollTable label="Severity matrix" minWidth={760}>
      <Table verticalSpacing="sm" withTableBorder>
        <ColumnHeads
          columns={['Severity', 'Definition and examples', 'Remediation SLA', 'Escalation', 'Before closing']}
        />
        <Table.Tbody>
          {severities.map((s) => (
            <Table.Tr key={s.key}>
              <Table.Th scope="row" style={{ verticalAlign: 'top' }}>
                <Stack gap={4}>
                  <SeverityBadge doc={doc} severity={s.key} />
                  <Text fw={600}>{s.name}</Text>
                </Stack>
              </Table.Th>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Text size="sm">{s.definition}</Text>
                {s.examples.length > 0 && (
                  <List size="sm" mt={4}>
                    {s.examples.map((x) => (
                      <List.Item key={x}>{x}</List.Item>
                    ))}
                  </List>
                )}
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>{s.remediationSla ?? '—'}</Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Text size="sm">{s.escalationSummary ?? '—'}</Text>
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                {s.requiredBeforeClose.length
                  ? s.requiredBeforeClose.map((r) => (r === 'rca' ? 'Root cause analysis' : r)).join(', ')
                  : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

const TRIGGERS: Record<string, string> = {
  'event.reported': 'When an event is reported',
  'breach.suspected': 'When a breach is suspected',
  'incident.declared': 'When an incident is declared',
  'incident.severity_changed': 'When the severity changes',
};

function target(doc: PolicyDocument, t: EscalationTarget): string {
  if ('role' in t) return nameOf(doc.roles, t.role);
  if ('position' in t) return nameOf(doc.positions, t.position);
  if ('team' in t) return `${nameOf(doc.teams, t.team)} team`;
  if ('oncall' in t) return `on call: ${t.oncall}`;
  return t.relation.replaceAll('-', ' ');
}

export function EscalationRules({ doc }: { doc: PolicyDocument }) {
  return (
    <Stack gap="sm">
      {doc.escalation.map((rule) => (
        <Paper key={rule.id} withBorder p="sm">
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{rule.name}</Text>
            {rule.severities?.map((s) => (
              <SeverityBadge key={s} doc={doc} severity={s} size="sm" />
            ))}
          </Group>
          <Text size="sm">{TRIGGERS[rule.on] ?? rule.on}:</Text>
          <List size="sm" type="ordered" mt={4}>
            {rule.steps.map((step) => (
              <List.Item key={step.id}>
                {step.after !== '0m' ? `after ${step.after}, ` : ''}notify{' '}
                {step.notify.map((t) => target(doc, t)).join(', ')} by {step.channels.join(', ')}
                {step.ackTimeout ? `; if nobody acknowledges within ${step.ackTimeout}` : ''}
                {step.fallback
                  ? `, then ${step.fallback.notify.map((t) => target(doc, t)).join(', ')} by ${step.fallback.channels.join(', ')}`
                  : ''}
                {step.repeat > 0 ? ` (repeated ${step.repeat}×)` : ''}
              </List.Item>
            ))}
          </List>
          <Source source={rule.source} />
        </Paper>
      ))}
    </Stack>
  );
}

export function Roles({ doc }: { doc: PolicyDocument }) {
  return (
    <Stack gap="sm">
      {doc.roles.map((r) => (
        <Paper key={r.key} withBorder p="sm">
          <Group gap="xs">
            <Text fw={600}>{r.name}</Text>
            {doc.access.restrictedReaders.includes(r.key) && (
              <Badge color={COLORS.restricted}>reads restricted incidents</Badge>
            )}
          </Group>
          {r.description && <Text size="sm">{r.description}</Text>}
          <Text size="xs" mt={4}>
            May: {r.permissions.length ? r.permissions.join(', ') : 'report events and read the policy'}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

export function Phases({ doc }: { doc: PolicyDocument }) {
  return (
    <List type="ordered" spacing="sm">
      {doc.phases.map((p) => (
        <List.Item key={p.key}>
          <Text fw={600}>{p.name}</Text>
          {p.description && <Text size="sm">{p.description}</Text>}
          <Text size="xs">
            {p.closing ? 'Closes the incident; the closure gates apply. ' : ''}
            {p.next.length
              ? `Next: ${p.next.map((n) => nameOf(doc.phases, n).split(' / ')[0] ?? n).join(', ')}`
              : ''}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

export function ClosureGates({ doc }: { doc: PolicyDocument }) {
  return (
    <Stack gap="sm">
      {doc.closure.map((g) => (
        <Paper key={g.id} withBorder p="sm">
          <Text fw={600}>{g.description}</Text>
          <Text size="xs">
            {g.roles?.length
              ? `Closed only by: ${g.roles.map((r) => nameOf(doc.roles, r)).join(', ')}. `
              : ''}
            {g.requires === 'rca' ? 'Requires a root cause analysis. ' : ''}
            {g.severities?.length ? `Applies to ${g.severities.join(', ')}.` : 'Applies to every incident.'}
          </Text>
          <Source source={g.source} />
        </Paper>
      ))}
    </Stack>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </section>
  );
}
