import {
  Alert,
  Blockquote,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { GateViolation, Incident, PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { useCan } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';

const shortName = (name: string) => name.split(' / ')[0] ?? name;

/** The policy's phase table: where an incident may go from here (phases[].next; a closed one reopens). */
export function allowedMoves(doc: PolicyDocument, from: string): string[] {
  const phase = doc.phases.find((p) => p.key === from);
  if (!phase) return [];
  return phase.closing && !phase.next.includes(doc.reopenTo) ? [...phase.next, doc.reopenTo] : phase.next;
}

/** The phases in the policy's order, the current one marked, reached ones with their time. */
export function PhaseStepper({ incident, doc }: { incident: Incident; doc: PolicyDocument }) {
  return (
    <ol
      aria-label="Phases"
      style={{ display: 'flex', flexWrap: 'wrap', gap: 6, listStyle: 'none', padding: 0, margin: 0 }}
    >
      {doc.phases.map((p, i) => {
        const current = p.key === incident.phase;
        const reached = incident.phaseTimes[p.key];
        return (
          <li
            key={p.key}
            aria-current={current ? 'step' : undefined}
            title={reached ? `First reached ${formatTime(reached)}` : 'Not reached yet'}
            style={{
              padding: '4px 10px',
              borderRadius: 16,
              fontSize: 13,
              border: `2px solid ${current ? 'var(--mantine-color-indigo-8)' : 'var(--mantine-color-gray-4)'}`,
              background: current
                ? 'var(--mantine-color-indigo-8)'
                : reached
                  ? 'var(--mantine-color-gray-1)'
                  : 'transparent',
              color: current ? 'white' : 'var(--mantine-color-text)',
              fontWeight: current ? 700 : 400,
            }}
          >
            {i + 1}. {shortName(p.name)}
            {reached && !current ? ' ✓' : ''}
            {current ? <VisuallyHidden> (current phase)</VisuallyHidden> : null}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * Buttons for the moves the policy allows. A refused move says which rule refused it, quotes the written
 * policy and says what would unblock it (422 incident.closure_gate, 409 incident.invalid_transition).
 */
export function PhaseMoves({
  incident,
  doc,
  onWriteRca,
}: {
  incident: Incident;
  doc: PolicyDocument;
  onWriteRca: () => void;
}) {
  const can = useCan();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const move = useMutation({
    mutationFn: (to: string) =>
      post<Incident>(`/incidents/${incident.key}/transitions`, {
        to,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: (updated) => {
      setReason('');
      queryClient.setQueryData(['incident', incident.key], updated);
      void queryClient.invalidateQueries({ queryKey: ['incident', incident.key] });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  // A refusal is about the incident as it was: once its phase changes or an RCA is recorded, it is stale.
  const { reset } = move;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when these change, not on every render
  useEffect(() => reset(), [incident.phase, incident.hasRca, reset]);
  if (!can('incident.transition')) return null;
  const moves = allowedMoves(doc, incident.phase);
  const violations = refusal(move.error);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Move to another phase
        </Title>
        <TextInput
          label="Reason (optional, kept on the timeline)"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={2000}
        />
        <Group gap="xs" wrap="wrap">
          {moves.map((to) => {
            const phase = doc.phases.find((p) => p.key === to);
            const closing = phase?.closing ?? false;
            return (
              <Button
                key={to}
                variant={closing ? 'filled' : 'default'}
                color={closing ? COLORS.ok : undefined}
                loading={move.isPending && move.variables === to}
                disabled={move.isPending}
                onClick={() => move.mutate(to)}
                h="auto"
                mih={36}
                py={6}
                styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
              >
                {closing ? 'Close the incident' : `Move to ${shortName(phase?.name ?? to)}`}
              </Button>
            );
          })}
        </Group>
        {violations ? (
          <Refusal
            violations={violations}
            message={(move.error as ApiError).message}
            onWriteRca={onWriteRca}
            code={(move.error as ApiError).code}
          />
        ) : (
          <ErrorAlert error={move.error} title="The move was refused" />
        )}
      </Stack>
    </Paper>
  );
}

function refusal(error: unknown): GateViolation[] | null {
  if (!(error instanceof ApiError) || error.code !== 'incident.closure_gate') return null;
  const v = (error.details as { violations?: GateViolation[] } | undefined)?.violations;
  return Array.isArray(v) ? v : null;
}

function Refusal({
  violations,
  message,
  code,
  onWriteRca,
}: {
  violations: GateViolation[];
  message: string;
  code: string;
  onWriteRca: () => void;
}) {
  return (
    <Alert
      color="red"
      variant="light"
      title="The policy does not allow closing yet"
      role="alert"
      data-testid="closure-refusal"
    >
      <Stack gap="sm">
        {violations.map((v) => (
          <Stack key={v.gate} gap={4}>
            <Text fw={600}>{v.rule}</Text>
            {v.source?.quote && (
              <Blockquote
                p="xs"
                color="gray"
                cite={`— ${v.source.document}${v.source.section ? `, ${v.source.section}` : ''}`}
              >
                {v.source.quote}
              </Blockquote>
            )}
            <Text size="sm">
              <strong>What unblocks it:</strong> {v.unblock}
            </Text>
            {/(root cause|rca)/i.test(v.unblock) && (
              <Group>
                <Button size="xs" variant="default" onClick={onWriteRca}>
                  Write the root cause analysis
                </Button>
              </Group>
            )}
          </Stack>
        ))}
        <Text size="xs">
          Error code <code>{code}</code> · {message}
        </Text>
      </Stack>
    </Alert>
  );
}
