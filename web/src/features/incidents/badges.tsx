import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { Incident, PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { countdown } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { nameOf, severityColor } from '../policy/queries.ts';

export function SeverityBadge({
  doc,
  severity,
  size,
}: {
  doc: PolicyDocument | undefined;
  severity: string;
  size?: 'sm' | 'md' | 'lg';
}) {
  const s = doc?.severities.find((x) => x.key === severity);
  return (
    <Badge color={severityColor(doc, severity)} variant="filled" size={size ?? 'md'} title={s?.name}>
      {severity}
      {s && size === 'lg' ? ` · ${s.name}` : ''}
    </Badge>
  );
}

export function PhaseBadge({ doc, phase }: { doc: PolicyDocument | undefined; phase: string }) {
  return (
    <Badge color="gray.8" variant="outline" style={{ textTransform: 'none' }} maw={260}>
      {nameOf(doc?.phases, phase).split(' / ')[0]}
    </Badge>
  );
}

export function VisibilityBadge({ visibility }: { visibility: Incident['visibility'] }) {
  if (visibility === 'normal') return null;
  return (
    <Tooltip label="Need-to-know: only its participants and the policy's restricted readers can see it">
      <Badge color={COLORS.restricted} variant="filled">
        Restricted
      </Badge>
    </Tooltip>
  );
}

const STATE_COLOR = { ok: COLORS.ok, soon: COLORS.warn, overdue: COLORS.danger } as const;

/** The remediation SLA ticking down (incident-response-plan: "closed within the following SLAs"). */
export function SlaCountdown({ incident, withLabel }: { incident: Incident; withLabel?: boolean }) {
  const now = useNow();
  if (!incident.isOpen) {
    return <Text size="sm">Closed</Text>;
  }
  if (!incident.remediationDueAt) return <Text size="sm">No SLA</Text>;
  const c = countdown(incident.remediationDueAt, incident.declaredAt, now);
  return (
    <Group gap={6} wrap="nowrap">
      {withLabel && <Text size="sm">Remediation SLA:</Text>}
      <Text
        size="sm"
        fw={600}
        c={STATE_COLOR[c.state]}
        data-sla-state={c.state}
        style={{ whiteSpace: 'nowrap' }}
      >
        {c.text}
      </Text>
    </Group>
  );
}
