import { Group, Text } from '@mantine/core';
import type { PolicyDocument, TimelineEntry } from '../../api/types.ts';
import { formatTime } from '../../lib/time.ts';
import { describeEscalationEntry } from '../escalation/timeline-words.ts';
import { describeNotificationEntry } from '../notifications/timeline-words.ts';
import { nameOf } from '../policy/queries.ts';

const str = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : String(v));

/** One timeline entry in words: who did what, when. Unknown kinds still show their data. */
export function describeEntry(
  entry: TimelineEntry,
  doc: PolicyDocument | undefined,
): { title: string; body?: string } {
  const d = entry.data;
  const phase = (k: unknown) =>
    nameOf(doc?.phases, typeof k === 'string' ? k : null).split(' / ')[0] ?? str(k);
  switch (entry.kind) {
    case 'incident.declared':
      return {
        title: `Declared a ${str(d.severity)} ${nameOf(doc?.incidentTypes, d.type as string)} incident${
          d.fromEvent ? ` from ${str(d.fromEvent)}` : ''
        }`,
        body: d.visibility === 'restricted' ? 'Restricted (need-to-know).' : undefined,
      };
    case 'incident.phase_changed':
      return {
        title: `Moved from ${phase(d.from)} to ${phase(d.to)}`,
        body: d.reason ? str(d.reason) : undefined,
      };
    case 'incident.closed':
      return { title: `Closed (from ${phase(d.from)})`, body: d.reason ? str(d.reason) : undefined };
    case 'incident.reopened':
      return { title: `Reopened into ${phase(d.to)}`, body: d.reason ? str(d.reason) : undefined };
    case 'incident.severity_changed':
      return {
        title: `Severity changed from ${str(d.from)} to ${str(d.to)}`,
        body: d.reason ? str(d.reason) : undefined,
      };
    case 'incident.updated': {
      const changes = (d.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
      return {
        title: `Changed ${Object.keys(changes).join(', ') || 'details'}`,
        body: Object.entries(changes)
          .map(([k, c]) => `${k}: ${str(c?.from)} → ${str(c?.to)}`)
          .join('\n'),
      };
    }
    case 'incident.role_assigned':
      return { title: `${str(d.userName)} is now ${str(d.roleName)}` };
    case 'incident.role_unassigned':
      return { title: `${str(d.userName)} is no longer ${str(d.roleName)}` };
    case 'note':
      return { title: 'Note', body: str(d.text) };
    case 'incident.rca_recorded':
      return { title: `Root cause analysis recorded (version ${str(d.version)})` };
    case 'event.merged':
      return {
        title: `Event ${str(d.eventRef)} merged in: ${str(d.title)}`,
        body: d.note ? str(d.note) : undefined,
      };
    case 'escalation.started': {
      const rule = d.rule as { name?: string } | undefined;
      return { title: `Escalation started: ${str(rule?.name)}` };
    }
    case 'escalation.paged': {
      const targets = Array.isArray(d.targets) ? d.targets.join(', ') : '';
      const gaps = Array.isArray(d.gaps) ? d.gaps.map(String) : [];
      return {
        title: `Paged ${targets || 'nobody'}`,
        body: gaps.length
          ? `Could not reach: ${gaps.map((g) => g.replace(/^[a-z-]+:[a-z-]+: /, '')).join('; ')}`
          : undefined,
      };
    }
    default:
      return (
        describeEscalationEntry(entry.kind, d) ??
        describeNotificationEntry(entry.kind, d) ?? { title: humanize(entry.kind), body: summarize(d) }
      );
  }
}

const humanize = (kind: string) => {
  const words = kind.replaceAll(/[._-]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Entries of kinds this screen does not know yet: their plain fields, never a wall of JSON. */
function summarize(data: Record<string, unknown>): string | undefined {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') lines.push(`${k}: ${v}`);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) lines.push(`${k}: ${v.join(', ')}`);
    else if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string')
      lines.push(`${k}: ${(v as { name: string }).name}`);
  }
  return lines.length ? lines.slice(0, 6).join('\n') : undefined;
}

export function TimelineRow({ entry, doc }: { entry: TimelineEntry; doc: PolicyDocument | undefined }) {
  const { title, body } = describeEntry(entry, doc);
  return (
    <div style={{ padding: '8px 4px', borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={600} style={{ flex: '1 1 200px', minWidth: 0 }}>
          {title}
        </Text>
        <Text size="xs">
          #{entry.seq} · {entry.actor?.name ?? 'Cordon'} ·{' '}
          <time dateTime={entry.at}>{formatTime(entry.at)}</time>
        </Text>
      </Group>
      {body && (
        <Text size="sm" className="pre-wrap" mt={2}>
          {body}
        </Text>
      )}
    </div>
  );
}
