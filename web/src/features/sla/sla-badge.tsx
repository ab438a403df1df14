import { Badge, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { NoSla, Sla, SlaState } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { formatDuration } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { incidentSlaQuery } from './queries.ts';

type Look = { label: string; color: string };

export const SLA_LOOK: Record<SlaState | 'none', Look> = {
  on_track: { label: 'On track', color: COLORS.ok },
  at_risk: { label: 'At risk', color: COLORS.warn },
  breached: { label: 'Breached', color: COLORS.danger },
  met: { label: 'Met', color: COLORS.ok },
  none: { label: 'No SLA', color: COLORS.neutral },
};

export const hasSla = (s: Sla | NoSla | undefined): s is Sla => !!s && s.state !== 'none';

/** The SLA's state as a badge: "SLA at risk". */
export function SlaStateBadge({ state, size }: { state: SlaState | 'none'; size?: 'sm' | 'md' | 'lg' }) {
  const look = SLA_LOOK[state];
  return (
    <Badge color={look.color} variant="filled" size={size ?? 'md'} data-sla-state={state}>
      SLA {look.label.toLowerCase()}
    </Badge>
  );
}

/** The badge for one incident, beside its phase (refreshed live and each minute). */
export function IncidentSlaBadge({ incidentKey }: { incidentKey: string }) {
  const sla = useQuery(incidentSlaQuery(incidentKey));
  if (!sla.data) return null;
  return <SlaStateBadge state={sla.data.state} size="lg" />;
}

/**
 * Time left (or overdue) from the server's reading, ticking in the browser: the reading's remaining time
 * minus what has elapsed since it was fetched, so a browser whose clock is off still shows the truth.
 */
export function useRemaining(sla: Sla, fetchedAt: number): number {
  const now = useNow();
  return sla.closedAt ? sla.remainingMs : sla.remainingMs - Math.max(0, now - fetchedAt);
}

export function RemainingText({ sla, fetchedAt }: { sla: Sla; fetchedAt: number }) {
  const left = useRemaining(sla, fetchedAt);
  if (sla.closedAt)
    return (
      <Text size="sm" span>
        {sla.state === 'met' ? 'closed in time' : `closed ${formatDuration(-left)} late`}
      </Text>
    );
  return (
    <Text size="sm" span fw={600} c={left <= 0 ? COLORS.danger : undefined}>
      {left > 0 ? `${formatDuration(left)} left` : `overdue by ${formatDuration(-left)}`}
    </Text>
  );
}

/** "Remediation SLA: 3 d 4 h left" from the server's reading, for the incident's header. */
export function SlaHeadline({ incidentKey }: { incidentKey: string }) {
  const sla = useQuery(incidentSlaQuery(incidentKey));
  if (!sla.data) return null;
  if (!hasSla(sla.data)) return <Text size="sm">No remediation SLA</Text>;
  return (
    <Text size="sm">
      Remediation SLA: <RemainingText sla={sla.data} fetchedAt={sla.dataUpdatedAt} />
    </Text>
  );
}
