import { Button, Group, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo } from 'react';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { MeetingOccurrence } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { useDraft } from '../../lib/draft.ts';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Records a meeting's minutes on the incident's timeline; the draft survives a failed save or a reload. */
export function MinutesForm({
  incidentKey,
  occurrence,
  label,
  onDone,
}: {
  incidentKey: string;
  occurrence: MeetingOccurrence;
  label: string;
  onDone: () => void;
}) {
  const me = useMe();
  const queryClient = useQueryClient();
  const initial = useMemo(() => ({ text: '', attendees: '', decisions: '' }), []);
  const [draft, update, clear] = useDraft(`minutes.${me.id}.${occurrence.id}`, initial);
  const save = useMutation({
    mutationFn: () =>
      post<MeetingOccurrence>(`/incidents/${incidentKey}/meetings/${occurrence.id}/minutes`, {
        text: draft.text.trim(),
        attendees: lines(draft.attendees),
        decisions: lines(draft.decisions),
      }),
    onSuccess: () => {
      clear();
      void queryClient.invalidateQueries({ queryKey: ['incident', incidentKey] });
      notifications.show({ color: 'green', title: 'Minutes recorded', message: 'They are on the timeline.' });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.text.trim()) save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={label}>
      <Stack gap="xs">
        <Textarea
          label="What was discussed"
          autosize
          minRows={3}
          required
          value={draft.text}
          onChange={(e) => update({ text: e.currentTarget.value })}
        />
        <Textarea
          label="Attendees (one per line)"
          autosize
          minRows={2}
          value={draft.attendees}
          onChange={(e) => update({ attendees: e.currentTarget.value })}
        />
        <Textarea
          label="Decisions (one per line)"
          autosize
          minRows={2}
          value={draft.decisions}
          onChange={(e) => update({ decisions: e.currentTarget.value })}
        />
        <ErrorAlert error={save.error} title="The minutes were not recorded — they are kept above" />
        <Group>
          <Button type="submit" size="sm" loading={save.isPending} disabled={!draft.text.trim()}>
            Record minutes
          </Button>
          <Button size="sm" variant="subtle" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
