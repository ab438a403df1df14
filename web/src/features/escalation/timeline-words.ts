/**
 * Escalation's timeline entries in words (the entries are written by src/escalation and src/notifications;
 * docs/escalation.md lists their data). Undefined for kinds that are not escalation's.
 */
const str = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : String(v));
const ruleName = (d: Record<string, unknown>) => str((d.rule as { name?: string } | undefined)?.name);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

type Delivery = { recipient?: string; channel?: string; error?: string; reason?: string };

export function describeEscalationEntry(
  kind: string,
  d: Record<string, unknown>,
): { title: string; body?: string } | undefined {
  switch (kind) {
    case 'page.acknowledged': {
      const stopped = list(d.stopped);
      const note = d.note ? `Note: ${str(d.note)}` : '';
      return {
        title: `${str(d.by)} acknowledged${d.onBehalf ? ` for ${str(d.recipient)}` : ''} (${ruleName(d)})`,
        body:
          [stopped.length ? `Stopped: ${stopped.join('; ')}` : '', note].filter(Boolean).join('\n') ||
          undefined,
      };
    }
    case 'escalation.escalated': {
      const targets = list(d.targets).join(', ');
      return {
        title: `Escalated to ${targets || 'the fallback'}`,
        body: d.reason ? str(d.reason) : undefined,
      };
    }
    case 'escalation.unanswered':
      return { title: `Nobody acknowledged: ${ruleName(d)}`, body: d.reason ? str(d.reason) : undefined };
    case 'escalation.stopped':
      return { title: `Escalation stopped: ${ruleName(d)}`, body: d.reason ? str(d.reason) : undefined };
    case 'notification.delivered':
    case 'notification.failed':
    case 'notification.dead':
    case 'notification.suppressed': {
      const verb = {
        'notification.delivered': 'Delivered',
        'notification.failed': 'Delivery failed (will retry)',
        'notification.dead': 'Delivery failed for good',
        'notification.suppressed': 'Not sent (out-of-band)',
      }[kind];
      const items = (Array.isArray(d.deliveries) ? d.deliveries : []) as Delivery[];
      return {
        title: `${verb}: ${items.map((i) => `${str(i.recipient)} by ${str(i.channel)}`).join(', ')}`,
        body:
          items
            .filter((i) => i.error || i.reason)
            .map((i) => `${str(i.recipient)}: ${str(i.error ?? i.reason)}`)
            .join('\n') || undefined,
      };
    }
    default:
      return undefined;
  }
}
