import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { put } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Comms, PolicyDocument } from '../../api/types.ts';
import { useCan, useMe } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';
import { nameOf } from '../policy/queries.ts';
import { commsQuery } from './queries.ts';

/** The policy's special case that takes an incident out-of-band (Compromised Communications), if any. */
export const outOfBandCase = (doc: PolicyDocument | undefined) => doc?.specialCases?.find((c) => c.outOfBand);

/**
 * Shown above everything while the incident is out-of-band: chat, webhooks and the normal mail server no
 * longer carry it, so nobody discusses it there by mistake.
 */
export function OutOfBandBanner({ incidentKey }: { incidentKey: string }) {
  const comms = useQuery(commsQuery(incidentKey));
  if (!comms.data?.outOfBand) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      role="status"
      data-testid="out-of-band-banner"
      title={`${incidentKey} is out-of-band: chat and the normal mail server no longer carry it`}
    >
      <Text size="sm">
        Communications may be compromised. Do not discuss this incident on chat or normal e-mail: use text
        messages, the out-of-band mail server and Cordon only.
      </Text>
      <Text size="sm" mt={4}>
        Reason: {comms.data.reason ?? '—'} · since {formatTime(comms.data.changedAt)}
      </Text>
    </Alert>
  );
}

/**
 * Switching the incident to out-of-band, or back, with a reason (audited, on the timeline). Who may do it is
 * the special case's `appliedBy` (the Security Delegate); the server checks, and a refusal is shown.
 */
export function OutOfBandControl({ incidentKey, doc }: { incidentKey: string; doc: PolicyDocument }) {
  const me = useMe();
  const can = useCan();
  const comms = useQuery(commsQuery(incidentKey));
  const special = outOfBandCase(doc);
  const allowed = special?.appliedBy ?? [];
  const may = allowed.length > 0 ? me.roles.some((r) => allowed.includes(r)) : can('incident.update');
  const on = comms.data?.outOfBand ?? false;
  return (
    <Stack gap="xs" data-testid="out-of-band">
      <Text size="sm">
        {on ? (
          <>
            <strong>Out-of-band</strong> since {formatTime(comms.data?.changedAt)}: only text messages, the
            out-of-band mail server and Cordon carry this incident.
          </>
        ) : (
          <>Normal channels. {special ? `${special.name}: ${special.description}` : ''}</>
        )}
      </Text>
      <ErrorAlert error={comms.error} title="The communications mode could not be loaded" />
      {comms.data &&
        (may ? (
          <SwitchForm key={String(on)} incidentKey={incidentKey} enable={!on} />
        ) : (
          <Text size="xs">
            {allowed.length > 0
              ? `Only ${allowed.map((r) => nameOf(doc.roles, r)).join(' or ')} may switch it.`
              : 'Switching it needs the incident.update permission.'}
          </Text>
        ))}
    </Stack>
  );
}

function SwitchForm({ incidentKey, enable }: { incidentKey: string; enable: boolean }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [opened, setOpened] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      put<Comms>(`/incidents/${incidentKey}/out-of-band`, { enabled: enable, reason: reason.trim() }),
    onSuccess: (comms) => {
      setReason('');
      queryClient.setQueryData(commsQuery(incidentKey).queryKey, comms);
      void queryClient.invalidateQueries({ queryKey: ['incident', incidentKey] });
      notifications.show({
        color: 'green',
        title: comms.outOfBand
          ? `${incidentKey} is out-of-band`
          : `${incidentKey} is back on normal channels`,
        message: comms.outOfBand
          ? 'The responders the policy names are told by text message, out-of-band e-mail and Cordon.'
          : 'Chat and e-mail carry it again.',
      });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate();
  };
  const label = enable ? 'Switch to out-of-band' : 'Return to normal channels';
  if (!opened)
    return (
      <Button
        size="compact-sm"
        variant="default"
        style={{ alignSelf: 'flex-start' }}
        onClick={() => setOpened(true)}
        aria-expanded={false}
      >
        {label}…
      </Button>
    );
  return (
    <form onSubmit={submit} aria-label={label}>
      <Stack gap="xs">
        <Textarea
          label={enable ? 'Why are communications compromised?' : 'Why are the normal channels safe again?'}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          required
        />
        <ErrorAlert error={change.error} title="The communications mode was not changed" />
        <Group>
          <Button
            type="submit"
            color={enable ? 'red.9' : undefined}
            variant={enable ? 'filled' : 'default'}
            loading={change.isPending}
            disabled={reason.trim().length < 3}
          >
            {label}
          </Button>
          <Button variant="subtle" onClick={() => setOpened(false)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
