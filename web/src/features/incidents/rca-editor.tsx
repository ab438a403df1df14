import { Alert, Button, Group, Loader, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo } from 'react';
import { put } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Incident, Rca } from '../../api/types.ts';
import { useCan, useMe } from '../../app/session.tsx';
import { useDraft } from '../../lib/draft.ts';
import { formatTime } from '../../lib/time.ts';
import { rcaQuery } from './queries.ts';

const TEMPLATE = `## Summary

## Timeline of events

## Root cause

## Impact

## Corrective actions
`;

/**
 * The root cause analysis (Markdown). "A documented root cause analysis shall be performed on P1
 * incidents": the closure gate checks that one is on record. Each save is a new version on the timeline.
 */
export function RcaEditor({ incident }: { incident: Incident }) {
  const me = useMe();
  const can = useCan();
  const queryClient = useQueryClient();
  const rca = useQuery(rcaQuery(incident.key));
  const initial = useMemo(() => ({ body: '', touched: false }), []);
  const [draft, update, clear] = useDraft(`rca.${me.id}.${incident.key}`, initial);
  const body = draft.touched ? draft.body : (rca.data?.body ?? '');
  const save = useMutation({
    mutationFn: (text: string) => put<Rca>(`/incidents/${incident.key}/rca`, { body: text }),
    onSuccess: (saved) => {
      clear();
      queryClient.setQueryData(['incident', incident.key, 'rca'], saved);
      void queryClient.invalidateQueries({ queryKey: ['incident', incident.key] });
    },
  });
  const writable = can('incident.rca.write');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(body);
  };
  if (rca.isPending) return <Loader size="sm" aria-label="Loading the root cause analysis" />;
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={rca.error} title="The root cause analysis could not be loaded" />
        {rca.data ? (
          <Text size="sm">
            Version {rca.data.version}, saved {formatTime(rca.data.updatedAt)}.
          </Text>
        ) : (
          <Alert color="blue" variant="light">
            No root cause analysis is on record yet.
            {incident.severity && ' The policy may require one before this incident can close.'}
          </Alert>
        )}
        <Textarea
          label="Root cause analysis (Markdown)"
          description="What happened, why, the impact and what will prevent it happening again. At least 20 characters."
          autosize
          minRows={12}
          maxRows={30}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={body}
          readOnly={!writable}
          onChange={(e) => update({ body: e.currentTarget.value, touched: true })}
        />
        <ErrorAlert error={save.error} title="Not saved — your text is kept" />
        {writable && (
          <Group>
            <Button type="submit" loading={save.isPending} disabled={body.trim().length === 0}>
              Save the root cause analysis
            </Button>
            {!body && (
              <Button variant="default" onClick={() => update({ body: TEMPLATE, touched: true })}>
                Start from a template
              </Button>
            )}
            {draft.touched && rca.data && (
              <Button variant="default" onClick={clear}>
                Discard my changes
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </form>
  );
}
