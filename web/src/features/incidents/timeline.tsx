import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type FormEvent, useMemo, useRef } from 'react';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { PolicyDocument, TimelineEntry } from '../../api/types.ts';
import { InlineLoader } from '../../app/inline-loader.tsx';
import { useCan, useMe } from '../../app/session.tsx';
import { useDraft } from '../../lib/draft.ts';
import { timelineQuery } from './queries.ts';
import { TimelineRow } from './timeline-entry.tsx';

/**
 * The incident's append-only timeline, newest first. Only the rows in view are in the DOM
 * (@tanstack/react-virtual), so 5,000 entries scroll as smoothly as 50; new entries arrive live.
 */
export function Timeline({ incidentKey, doc }: { incidentKey: string; doc: PolicyDocument | undefined }) {
  const queryClient = useQueryClient();
  const can = useCan();
  const timeline = useQuery(timelineQuery(queryClient, incidentKey));
  const rows = useMemo(() => (timeline.data ?? []).slice().reverse(), [timeline.data]);
  return (
    <Stack gap="sm">
      {can('incident.note') && <NoteComposer incidentKey={incidentKey} />}
      <ErrorAlert error={timeline.error} title="The timeline could not be loaded" />
      {timeline.isPending ? (
        <InlineLoader label="Loading the timeline…" />
      ) : (
        <VirtualTimeline rows={rows} doc={doc} />
      )}
    </Stack>
  );
}

function VirtualTimeline({ rows, doc }: { rows: TimelineEntry[]; doc: PolicyDocument | undefined }) {
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 56,
    overscan: 10,
    getItemKey: (index) => rows[index]?.seq ?? index,
  });
  return (
    <>
      <Text size="sm" aria-live="polite">
        {rows.length} {rows.length === 1 ? 'entry' : 'entries'}, newest first
      </Text>
      <section
        ref={parent}
        data-testid="timeline-scroller"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        aria-label="Timeline"
        style={{
          // As tall as the entries, up to a screenful; then it scrolls.
          height: `min(${Math.max(virtualizer.getTotalSize() + 2, 80)}px, 65vh)`,
          overflowY: 'auto',
          contain: 'strict',
          border: '1px solid var(--mantine-color-gray-4)',
          borderRadius: 4,
        }}
      >
        <ol
          style={{
            height: virtualizer.getTotalSize(),
            position: 'relative',
            width: '100%',
            listStyle: 'none',
            margin: 0,
            padding: 0,
          }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const entry = rows[item.index];
            if (!entry) return null;
            return (
              <li
                key={item.key}
                aria-setsize={rows.length}
                aria-posinset={item.index + 1}
                data-index={item.index}
                data-seq={entry.seq}
                ref={virtualizer.measureElement}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <TimelineRow entry={entry} doc={doc} />
              </li>
            );
          })}
        </ol>
      </section>
    </>
  );
}

function NoteComposer({ incidentKey }: { incidentKey: string }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const initial = useMemo(() => ({ text: '' }), []);
  const [draft, update, clear] = useDraft(`note.${me.id}.${incidentKey}`, initial);
  const add = useMutation({
    mutationFn: (text: string) => post(`/incidents/${incidentKey}/timeline`, { text }),
    onSuccess: () => {
      clear();
      void queryClient.invalidateQueries({ queryKey: ['incident', incidentKey, 'timeline'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.text.trim()) add.mutate(draft.text.trim());
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          label="Add a note to the timeline"
          autosize
          minRows={2}
          value={draft.text}
          onChange={(e) => update({ text: e.currentTarget.value })}
        />
        <ErrorAlert error={add.error} title="The note was not added — it is kept above" />
        <Group>
          <Button type="submit" size="sm" loading={add.isPending} disabled={!draft.text.trim()}>
            Add note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
