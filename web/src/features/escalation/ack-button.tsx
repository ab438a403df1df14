import { Button, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { EscalationPage } from '../../api/types.ts';
import { useCan } from '../../app/session.tsx';
import { myOpenPagesQuery } from './queries.ts';
import { useAcknowledge } from './use-acknowledge.ts';

/**
 * Acknowledge an open page addressed to the signed-in person (or one of their teams). With `onBehalf` (a
 * step waiting for an acknowledgement), someone who may set the incident's severity (triage the event) may
 * acknowledge for the recipient, recorded as such. The server decides in the end; a refusal is shown.
 */
export function AckButton({ page, onBehalf }: { page: EscalationPage; onBehalf?: boolean }) {
  const can = useCan();
  const mine = useQuery(myOpenPagesQuery);
  const ack = useAcknowledge();
  if (page.state !== 'open' && !ack.isPending) return ack.error ? <ErrorAlert error={ack.error} /> : null;
  const addressedToMe = mine.data?.items.some((p) => p.id === page.id) ?? false;
  const mayActFor =
    onBehalf === true && can(page.subject.kind === 'incident' ? 'incident.set_severity' : 'event.triage');
  if (!addressedToMe && !mayActFor) return null;
  const context = `${page.rule?.name ?? 'page'}${page.subject.ref ? ` on ${page.subject.ref}` : ''}`;
  return (
    <Stack gap={4} align="flex-start">
      <Button
        size="sm"
        variant={addressedToMe ? 'filled' : 'default'}
        loading={ack.isPending}
        onClick={() => ack.mutate(page)}
      >
        {addressedToMe ? 'Acknowledge' : `Acknowledge for ${page.recipient.name}`}
        <span className="visually-hidden"> — {context}</span>
      </Button>
      <ErrorAlert error={ack.error} title="Not acknowledged" />
    </Stack>
  );
}
