import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { EscalationPage, PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { AnchorLink } from '../../app/links.tsx';
import { formatTime } from '../../lib/time.ts';
import { AckButton } from './ack-button.tsx';
import { Deliveries } from './deliveries.tsx';
import { describeVia } from './describe.ts';
import { ACK_VIA, PAGE_STATE } from './states.ts';

/**
 * One page: who was asked to respond, through which channels, what became of each message, and whether
 * (and how) it was acknowledged. `withSubject` adds what it was about (the Pages screen).
 */
export function PageItem({
  page: p,
  doc,
  withSubject,
  onBehalf,
}: {
  page: EscalationPage;
  doc: PolicyDocument | undefined;
  withSubject?: boolean;
  onBehalf?: boolean;
}) {
  const state = PAGE_STATE[p.state];
  return (
    <Paper withBorder p="sm" data-page-id={p.id} data-page-state={p.state}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Group gap="xs" wrap="wrap">
            <Text fw={600} size="sm">
              {p.recipient.name}
              {p.recipient.kind === 'team' ? ' (team queue)' : ''}
            </Text>
            <Badge color={state.color} variant="filled">
              {state.label}
            </Badge>
            {p.fallback && (
              <Badge color={COLORS.danger} variant="outline">
                Escalation fallback
              </Badge>
            )}
            {p.round > 0 && !p.fallback && (
              <Badge color="gray.8" variant="outline">
                repeat {p.round}
              </Badge>
            )}
          </Group>
          <Text size="xs">
            Paged <time dateTime={p.createdAt}>{formatTime(p.createdAt)}</time>
          </Text>
        </Group>
        {withSubject && <Subject page={p} />}
        {p.recipient.via.length > 0 && (
          <Text size="xs">
            As {p.recipient.via.map((v) => describeVia(doc, v)).join(', ')} · by{' '}
            {p.channels.join(', ') || 'no channel'}
          </Text>
        )}
        <Deliveries deliveries={p.deliveries} />
        {p.state === 'acknowledged' && (
          <Text size="sm" data-testid="acknowledged-by">
            Acknowledged by <strong>{p.acknowledgedBy ?? 'someone'}</strong>
            {p.acknowledgedVia ? ` through ${ACK_VIA[p.acknowledgedVia]}` : ''} at{' '}
            {formatTime(p.acknowledgedAt)}
            {p.note ? `: “${p.note}”` : ''}
          </Text>
        )}
        <AckButton page={p} {...(onBehalf ? { onBehalf } : {})} />
      </Stack>
    </Paper>
  );
}

function Subject({ page: p }: { page: EscalationPage }) {
  const what = `${p.rule?.name ?? 'Escalation'}${p.step ? ` · step ${p.step}` : ''}`;
  return (
    <Text size="sm">
      {p.subject.kind === 'incident' && p.subject.ref ? (
        <AnchorLink to="/incidents/$key" params={{ key: p.subject.ref }} fw={600}>
          {p.subject.ref}
        </AnchorLink>
      ) : (
        <strong>{p.subject.ref ?? `An ${p.subject.kind} you may not see`}</strong>
      )}{' '}
      · {what}
    </Text>
  );
}
