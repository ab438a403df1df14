import type { ChannelKind } from '../../api/types.ts';

/**
 * What each kind of channel asks for (src/notifications/channel-config.ts decides; this only lays out the
 * form). Secrets are write-only: the server never sends them back, and a secret left empty keeps its value.
 */
export type ChannelField = {
  name: string;
  label: string;
  type: 'text' | 'url' | 'email' | 'number' | 'boolean';
  secret: boolean;
  required: boolean;
  description?: string;
};

const url = (secret: boolean, description?: string): ChannelField => ({
  name: 'url',
  label: 'Address (URL)',
  type: 'url',
  secret,
  required: true,
  ...(description ? { description } : {}),
});

export const CHANNEL_KINDS: Record<ChannelKind, { label: string; fields: ChannelField[] }> = {
  smtp: {
    label: 'E-mail (SMTP server)',
    fields: [
      { name: 'host', label: 'Host', type: 'text', secret: false, required: true },
      { name: 'port', label: 'Port', type: 'number', secret: false, required: false },
      {
        name: 'secure',
        label: 'TLS from the start (port 465)',
        type: 'boolean',
        secret: false,
        required: false,
      },
      { name: 'from', label: 'From address', type: 'email', secret: false, required: true },
      { name: 'user', label: 'User name', type: 'text', secret: true, required: false },
      { name: 'password', label: 'Password', type: 'text', secret: true, required: false },
    ],
  },
  'slack-webhook': {
    label: 'Slack incoming webhook',
    fields: [url(true, 'The webhook address is itself a credential.')],
  },
  'slack-api': {
    label: 'Slack Web API (direct messages, incident channels)',
    fields: [
      { name: 'baseUrl', label: 'API base URL', type: 'url', secret: false, required: false },
      { name: 'token', label: 'Bot token', type: 'text', secret: true, required: true },
      { name: 'signingSecret', label: 'Signing secret', type: 'text', secret: true, required: false },
    ],
  },
  'teams-webhook': {
    label: 'Microsoft Teams webhook',
    fields: [url(true, 'The webhook address is itself a credential.')],
  },
  'mattermost-webhook': {
    label: 'Mattermost webhook',
    fields: [url(true, 'The webhook address is itself a credential.')],
  },
  webhook: {
    label: 'Generic webhook (signed with HMAC-SHA256)',
    fields: [
      url(false),
      {
        name: 'secret',
        label: 'Signing secret (16 characters or more)',
        type: 'text',
        secret: true,
        required: true,
      },
    ],
  },
  'sms-gateway': {
    label: 'SMS and voice gateway',
    fields: [url(false), { name: 'token', label: 'Token', type: 'text', secret: true, required: false }],
  },
};

export const KIND_OPTIONS = Object.entries(CHANNEL_KINDS).map(([value, k]) => ({ value, label: k.label }));

/** Channels a test message needs an address for (a mailbox, a phone number, a Slack member id). */
export const NEEDS_ADDRESS: ReadonlySet<ChannelKind> = new Set(['smtp', 'sms-gateway', 'slack-api']);
