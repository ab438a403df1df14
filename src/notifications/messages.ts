import type { ChannelKind } from './channel-config.ts';

/**
 * What a notification says, before it is shaped for a channel. Restricted (need-to-know) incidents keep
 * their title and details out of chat, webhooks and text messages: those say only the key and the link.
 */
export interface Notice {
  /** page | sla | meeting | out-of-band | chat-room | update | test */
  purpose: string;
  /** "INC-2026-0007" or "EVT-2026-000042". */
  subjectRef: string;
  /** One line: "P0 incident INC-2026-0007 needs you: Ransomware on the file server". */
  headline: string;
  /** Short form for SMS and restricted incidents: "P0 INC-2026-0007: you are paged". */
  brief: string;
  lines: string[];
  link: string | null;
  ackUrl: string | null;
  /** The signed token behind ackUrl, carried by chat buttons. */
  ackToken: string | null;
  /** Cordon's public base URL, for chat buttons that call back into Cordon (Mattermost); null without one. */
  baseUrl: string | null;
  restricted: boolean;
  /** Structured data for generic webhooks. */
  data: Record<string, unknown>;
  /** A calendar invitation (meetings). */
  calendar?: { method: 'REQUEST' | 'CANCEL'; ics: string };
}

export interface Rendered {
  subject: string;
  body: string;
  payload: Record<string, unknown>;
}

const mention = (handle: string | null): string => {
  if (!handle) return '';
  return /^[UW][A-Z0-9]{2,}$/.test(handle) ? `<@${handle}> ` : `@${handle.replace(/^@/, '')} `;
};

function textBody(n: Notice): string {
  const lines = [n.headline, '', ...(n.restricted ? [] : n.lines)];
  if (n.link) lines.push('', `Open: ${n.link}`);
  if (n.ackUrl) lines.push(`Acknowledge: ${n.ackUrl}`);
  return lines.join('\n');
}

/** Shapes a notice for one kind of channel; the result is stored on the delivery and sent as is. */
export function render(n: Notice, kind: ChannelKind | 'app' | 'queue', chatHandle: string | null): Rendered {
  const subject = n.headline.slice(0, 250);
  const visibleLines = n.restricted ? [] : n.lines;
  switch (kind) {
    case 'smtp':
      return {
        subject,
        body: textBody(n),
        payload: {
          ...(n.calendar ? { calendar: n.calendar } : {}),
          link: n.link,
          ackUrl: n.ackUrl,
        },
      };
    case 'slack-webhook':
    case 'slack-api': {
      const text = `${mention(chatHandle)}${n.restricted ? n.brief : n.headline}`;
      const blocks: Record<string, unknown>[] = [
        { type: 'section', text: { type: 'mrkdwn', text: [text, ...visibleLines].join('\n') } },
      ];
      const buttons: Record<string, unknown>[] = [];
      if (n.link)
        buttons.push({ type: 'button', text: { type: 'plain_text', text: 'Open in Cordon' }, url: n.link });
      if (n.ackToken)
        buttons.push({
          type: 'button',
          style: 'primary',
          action_id: 'cordon_ack',
          text: { type: 'plain_text', text: 'Acknowledge' },
          value: n.ackToken,
        });
      if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
      return { subject, body: text, payload: { text, blocks } };
    }
    case 'teams-webhook': {
      const actions: Record<string, unknown>[] = [];
      if (n.link) actions.push(openUri('Open in Cordon', n.link));
      if (n.ackUrl) actions.push(openUri('Acknowledge', n.ackUrl));
      const body = [n.restricted ? n.brief : n.headline, ...visibleLines].join('\n\n');
      return {
        subject,
        body,
        payload: {
          '@type': 'MessageCard',
          '@context': 'https://schema.org/extensions',
          summary: subject,
          title: n.restricted ? n.brief : n.headline,
          text: visibleLines.join('\n\n') || ' ',
          potentialAction: actions,
        },
      };
    }
    case 'mattermost-webhook': {
      const links = [
        n.link ? `[Open in Cordon](${n.link})` : '',
        n.ackUrl ? `[Acknowledge](${n.ackUrl})` : '',
      ]
        .filter(Boolean)
        .join(' · ');
      const text = [`${mention(chatHandle)}${n.restricted ? n.brief : n.headline}`, ...visibleLines, links]
        .filter(Boolean)
        .join('\n');
      const button = mattermostAckButton(n);
      return { subject, body: text, payload: button ? { text, attachments: [button] } : { text } };
    }
    case 'webhook':
      return {
        subject,
        body: n.restricted ? n.brief : n.headline,
        payload: {
          type: `cordon.${n.purpose}`,
          subject: n.subjectRef,
          headline: n.restricted ? n.brief : n.headline,
          link: n.link,
          ackUrl: n.ackUrl,
          restricted: n.restricted,
          ...(n.restricted ? {} : n.data),
        },
      };
    case 'sms-gateway': {
      const sms = `Cordon: ${n.brief}${n.ackUrl ? ` Ack: ${n.ackUrl}` : ''}`;
      return { subject, body: sms, payload: {} };
    }
    case 'app':
    case 'queue':
      return {
        subject,
        body: [n.headline, ...visibleLines].join('\n'),
        payload: { link: n.link, ackUrl: n.ackUrl },
      };
  }
}

/**
 * Mattermost's interactive button: Mattermost posts the context (the signed token) to Cordon when clicked.
 * The signed link stays in the text for Mattermost servers that cannot reach Cordon.
 */
function mattermostAckButton(n: Notice): Record<string, unknown> | null {
  if (!n.ackToken || !n.baseUrl) return null;
  return {
    fallback: 'Acknowledge this page in Cordon.',
    actions: [
      {
        // Mattermost action ids must be alphanumeric.
        id: 'cordonack',
        type: 'button',
        name: 'Acknowledge',
        style: 'primary',
        integration: {
          url: `${n.baseUrl}/api/v1/integrations/mattermost/actions`,
          context: { action: 'acknowledge', token: n.ackToken },
        },
      },
    ],
  };
}

const openUri = (name: string, uri: string) => ({
  '@type': 'OpenUri',
  name,
  targets: [{ os: 'default', uri }],
});

/** A voice call reads the brief aloud, with the reference spelled out. */
export function voiceScript(n: Notice): string {
  const spoken = n.subjectRef.replace(/-/g, ' ').split('').join(' ').replace(/\s+/g, ' ');
  return `This is Cordon. ${n.brief.replace(n.subjectRef, spoken)}. Acknowledge in Cordon.`;
}
