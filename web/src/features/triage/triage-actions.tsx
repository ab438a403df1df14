import { Button, Group, Kbd, Paper, Select, Stack, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { CordonEvent, PolicyDocument } from '../../api/types.ts';
import { openIncidentsQuery } from '../incidents/queries.ts';
import { PromoteForm } from './promote-form.tsx';
import { useDisposition } from './use-disposition.ts';

export type Mode = 'dismiss' | 'merge' | 'promote';

const humanize = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replaceAll(/[-_]/g, ' ');

type Props = {
  event: CordonEvent;
  doc: PolicyDocument;
  mode: Mode | null;
  setMode: (m: Mode | null) => void;
  onDone: () => void;
};

export function TriageActions({ event, doc, mode, setMode, onDone }: Props) {
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group gap="xs" wrap="wrap" role="group" aria-label="Decide">
          <Button variant={mode === 'dismiss' ? 'filled' : 'default'} onClick={() => setMode('dismiss')}>
            Dismiss&nbsp;<Kbd size="xs">d</Kbd>
          </Button>
          <Button variant={mode === 'merge' ? 'filled' : 'default'} onClick={() => setMode('merge')}>
            Merge&nbsp;<Kbd size="xs">m</Kbd>
          </Button>
          <Button variant={mode === 'promote' ? 'filled' : 'default'} onClick={() => setMode('promote')}>
            Promote to incident&nbsp;<Kbd size="xs">p</Kbd>
          </Button>
        </Group>
        {mode === 'dismiss' && <DismissForm event={event} doc={doc} onDone={onDone} />}
        {mode === 'merge' && <MergeForm event={event} onDone={onDone} />}
        {mode === 'promote' && <PromoteForm event={event} doc={doc} onDone={onDone} />}
      </Stack>
    </Paper>
  );
}

function DismissForm({
  event,
  doc,
  onDone,
}: {
  event: CordonEvent;
  doc: PolicyDocument;
  onDone: () => void;
}) {
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const dispose = useDisposition(event, onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason) dispose.mutate({ action: 'dismiss', reason, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form onSubmit={submit} aria-labelledby="dismiss-title">
      <Stack>
        <Title order={3} size="h4" id="dismiss-title">
          Dismiss {event.ref}
        </Title>
        <Select
          label="Reason (from the policy)"
          required
          data-autofocus
          data={doc.intake.dispositions.map((d) => ({ value: d, label: humanize(d) }))}
          value={reason}
          onChange={setReason}
          allowDeselect={false}
        />
        <Textarea
          label="Note"
          description="Why, for the record."
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <ErrorAlert error={dispose.error} title="Not dismissed" />
        <Button type="submit" color="gray.8" loading={dispose.isPending} disabled={!reason}>
          Dismiss the event
        </Button>
      </Stack>
    </form>
  );
}

function MergeForm({ event, onDone }: { event: CordonEvent; onDone: () => void }) {
  const open = useQuery(openIncidentsQuery);
  const [incidentKey, setIncidentKey] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const dispose = useDisposition(event, onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (incidentKey)
      dispose.mutate({ action: 'merge', incidentKey, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form onSubmit={submit} aria-labelledby="merge-title">
      <Stack>
        <Title order={3} size="h4" id="merge-title">
          Merge {event.ref} into an incident
        </Title>
        <ErrorAlert error={open.error} title="Open incidents could not be loaded" />
        <Select
          label="Incident"
          description="Open incidents you can see; type to search."
          required
          searchable
          data-autofocus
          nothingFoundMessage="No open incident matches"
          data={(open.data?.items ?? []).map((i) => ({
            value: i.key,
            label: `${i.key} · ${i.severity} · ${i.title}`,
          }))}
          value={incidentKey}
          onChange={setIncidentKey}
        />
        <Textarea
          label="Note"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <ErrorAlert error={dispose.error} title="Not merged" />
        <Button type="submit" loading={dispose.isPending} disabled={!incidentKey}>
          Merge into {incidentKey ?? 'the incident'}
        </Button>
      </Stack>
    </form>
  );
}
