import { formatTime } from '../../lib/time.ts';

const str = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const time = (v: unknown) => (typeof v === 'string' ? formatTime(v) : str(v));

type Told = { recipient?: string; channel?: string; status?: string };
const told = (v: unknown): string => {
  const items = (Array.isArray(v) ? v : []) as Told[];
  return items.length
    ? `Told: ${items.map((t) => `${str(t.recipient)} by ${str(t.channel)} (${str(t.status)})`).join(', ')}`
    : '';
};
const lines = (...parts: string[]) => parts.filter(Boolean).join('\n') || undefined;

/**
 * Timeline entries written by notifications, SLA clocks and meetings, in words (docs/escalation.md lists
 * their data). Undefined for other kinds.
 */
export function describeNotificationEntry(
  kind: string,
  d: Record<string, unknown>,
): { title: string; body?: string | undefined } | undefined {
  switch (kind) {
    case 'incident.out_of_band_enabled':
      return {
        title: 'Switched to out-of-band communications: no chat, no normal e-mail',
        body: lines(`Reason: ${str(d.reason)}`, told(d.told)),
      };
    case 'incident.out_of_band_disabled':
      return { title: 'Back on the normal channels', body: lines(`Reason: ${str(d.reason)}`) };
    case 'chat.room_requested':
      return { title: 'A dedicated chat channel was asked for' };
    case 'chat.room_opened': {
      const invited = list(d.invited);
      return {
        title: `Chat channel #${str(d.channel)} opened`,
        body: lines(invited.length ? `Invited: ${invited.join(', ')}` : '', list(d.problems).join('\n')),
      };
    }
    case 'notification.retry_requested':
      return { title: `Sending again: ${str(d.recipient)} by ${str(d.channel)}` };
    case 'sla.at_risk':
      return {
        title: `Remediation SLA at risk: ${str(d.percent)}% of the window used`,
        body: lines(`Due ${time(d.dueAt)}`, told(d.notified), list(d.gaps).join('\n')),
      };
    case 'sla.breached':
      return {
        title: 'Remediation SLA breached',
        body: lines(`Was due ${time(d.dueAt)}`, told(d.notified), list(d.gaps).join('\n')),
      };
    case 'sla.met':
      return { title: 'Remediation SLA met', body: `Closed ${time(d.closedAt)}, due ${time(d.dueAt)}` };
    case 'sla.closed_late':
      return { title: 'Closed after the remediation SLA', body: `Due ${time(d.dueAt)}` };
    case 'meeting.invited': {
      const invitees = (Array.isArray(d.invitees) ? d.invitees : []) as Told[];
      return {
        title: `${str(d.name)} invitation sent for ${time(d.startsAt)}`,
        body: lines(
          invitees.length
            ? `Invited: ${invitees.map((i) => `${str(i.recipient)} (${str(i.status)})`).join(', ')}`
            : '',
          list(d.agenda).join('\n'),
        ),
      };
    }
    case 'meeting.cancelled':
      return { title: `Meeting of ${str(d.date)} cancelled`, body: d.reason ? str(d.reason) : undefined };
    case 'meeting.minutes': {
      const attendees = list(d.attendees);
      const decisions = list(d.decisions);
      return {
        title: `Minutes of the meeting of ${str(d.date)}`,
        body: lines(
          str(d.text),
          attendees.length ? `Attendees: ${attendees.join(', ')}` : '',
          decisions.length ? `Decisions:\n${decisions.map((x) => `• ${x}`).join('\n')}` : '',
        ),
      };
    }
    default:
      return undefined;
  }
}
