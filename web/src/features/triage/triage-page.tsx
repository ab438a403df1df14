import { Badge, Grid, Group, Kbd, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { get } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { CordonEvent, Page } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { Needs } from '../../app/needs.tsx';
import { useCan } from '../../app/session.tsx';
import { age } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { EventEscalations } from '../escalation/escalation-panel.tsx';
import { MyPagesAlert } from '../escalation/my-pages-alert.tsx';
import { useActivePolicy } from '../policy/queries.ts';
import { EventDetail } from './event-detail.tsx';
import { type Mode, TriageActions } from './triage-actions.tsx';

export const triageQueueQuery = {
  queryKey: ['events', { status: 'awaiting_triage', limit: 200 }],
  queryFn: () => get<Page<CordonEvent>>('/events', { status: 'awaiting_triage', limit: 200 }),
};

/**
 * The Security Delegate's queue: every event ends with a recorded decision (dismiss with a reason, merge
 * into an incident, or promote to one). Keyboard: j/k to move, d/m/p to decide, Esc to cancel.
 */
export function TriagePage() {
  return (
    <Needs permission="event.read" title="Triage queue">
      <TriagePageScreen />
    </Needs>
  );
}

function TriagePageScreen() {
  const can = useCan();
  const now = useNow();
  const policy = useActivePolicy();
  const queue = useQuery(triageQueueQuery);
  const items = queue.data?.items ?? [];
  const [selected, setSelected] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  // Keep the selection on the same event while the queue changes live; fall back to the first one.
  const current = items.find((e) => e.ref === selected) ?? items[0] ?? null;
  useEffect(() => {
    if (current && current.ref !== selected) setSelected(current.ref);
  }, [current, selected]);

  const move = (delta: number) => {
    if (items.length === 0) return;
    const index = Math.max(
      0,
      items.findIndex((e) => e.ref === current?.ref),
    );
    const next = items[Math.min(items.length - 1, Math.max(0, index + delta))];
    if (next) {
      setSelected(next.ref);
      setMode(null);
      listRef.current?.querySelector<HTMLElement>(`[data-ref="${next.ref}"]`)?.focus();
    }
  };
  const canTriage = can('event.triage');
  useHotkeys([
    ['j', () => move(1)],
    ['k', () => move(-1)],
    ['d', () => canTriage && current && setMode('dismiss')],
    ['m', () => canTriage && current && setMode('merge')],
    ['p', () => canTriage && current && setMode('promote')],
    ['Escape', () => setMode(null)],
  ]);

  const afterDecision = () => {
    const index = items.findIndex((e) => e.ref === current?.ref);
    const next = items[index + 1] ?? items[index - 1];
    setSelected(next?.ref ?? null);
    setMode(null);
  };

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Triage queue</Title>
        <ShortcutLegend />
      </Group>
      <ErrorAlert error={queue.error} title="The queue could not be loaded" />
      <ErrorAlert error={policy.error} title="The policy could not be loaded" />
      {queue.isSuccess && items.length === 0 && (
        <Paper withBorder p="lg">
          <Text>Nothing awaits triage. Every reported event has a recorded decision.</Text>
        </Paper>
      )}
      {items.length > 0 && (
        <Grid>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <div ref={listRef} role="listbox" aria-label="Events awaiting triage" tabIndex={-1}>
              <Stack gap={6}>
                {items.map((e) => (
                  <UnstyledButton
                    key={e.ref}
                    data-ref={e.ref}
                    role="option"
                    aria-selected={e.ref === current?.ref}
                    className="triage-row"
                    onClick={() => {
                      setSelected(e.ref);
                      setMode(null);
                    }}
                  >
                    <Paper withBorder p="sm" bg="transparent">
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Text fw={600} size="sm">
                          {e.ref}
                        </Text>
                        <Group gap={4} wrap="nowrap">
                          {e.count > 1 && (
                            <Badge
                              color={COLORS.warn}
                              variant="filled"
                              title="Duplicate reports of the same thing"
                            >
                              ×{e.count}
                            </Badge>
                          )}
                          {e.suspectedBreach && <Badge color={COLORS.danger}>Breach?</Badge>}
                        </Group>
                      </Group>
                      <Text size="sm" lineClamp={2}>
                        {e.title}
                      </Text>
                      <Text size="xs">
                        {e.source} · waiting {age(e.createdAt, now).replace(' ago', '')}
                      </Text>
                    </Paper>
                  </UnstyledButton>
                ))}
              </Stack>
            </div>
            {queue.data?.nextCursor && (
              <Text size="sm" mt="xs">
                Showing the newest 200 events.
              </Text>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            {current && policy.data && (
              <Stack>
                <MyPagesAlert subjectRef={current.ref} />
                <EventDetail event={current} now={now} doc={policy.data.document} />
                {canTriage ? (
                  <TriageActions
                    key={current.ref}
                    event={current}
                    doc={policy.data.document}
                    mode={mode}
                    setMode={setMode}
                    onDone={afterDecision}
                  />
                ) : (
                  <Text>You may read the queue; deciding needs the triage permission.</Text>
                )}
                <EventEscalations eventRef={current.ref} doc={policy.data.document} />
              </Stack>
            )}
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function ShortcutLegend() {
  const keys: [string, string][] = [
    ['j', 'next'],
    ['k', 'previous'],
    ['d', 'dismiss'],
    ['m', 'merge'],
    ['p', 'promote'],
    ['Esc', 'cancel'],
  ];
  return (
    <Group gap="sm" aria-label="Keyboard shortcuts" role="note" wrap="wrap">
      {keys.map(([k, label]) => (
        <Text key={k} size="sm">
          <Kbd>{k}</Kbd> {label}
        </Text>
      ))}
    </Group>
  );
}
