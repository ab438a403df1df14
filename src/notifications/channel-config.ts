import { z } from 'zod';
import type { NotificationConfig } from '../app/notification-config.ts';

/**
 * What each kind of channel needs. Settings are stored in clear; secrets (passwords, tokens, webhook URLs
 * that carry their own credential, signing keys) only encrypted.
 */
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' });
const purpose = z.enum(['normal', 'out-of-band']).default('normal');

export const CHANNEL_KINDS = [
  'smtp',
  'slack-webhook',
  'slack-api',
  'teams-webhook',
  'mattermost-webhook',
  'webhook',
  'sms-gateway',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Per kind: which fields are settings and which are secrets, and the full validated shape. */
export const channelShapes = {
  smtp: {
    settings: ['host', 'port', 'secure', 'from'],
    schema: z.object({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false),
      from: z.email(),
      user: z.string().min(1).nullable().default(null),
      password: z.string().min(1).nullable().default(null),
    }),
  },
  'slack-webhook': { settings: [], schema: z.object({ url: httpUrl }) },
  'slack-api': {
    settings: ['baseUrl'],
    schema: z.object({
      baseUrl: httpUrl.default('https://slack.com/api'),
      token: z.string().min(1),
      signingSecret: z.string().min(1).nullable().default(null),
    }),
  },
  'teams-webhook': { settings: [], schema: z.object({ url: httpUrl }) },
  'mattermost-webhook': { settings: [], schema: z.object({ url: httpUrl }) },
  webhook: { settings: ['url'], schema: z.object({ url: httpUrl, secret: z.string().min(16) }) },
  'sms-gateway': {
    settings: ['url'],
    schema: z.object({ url: httpUrl, token: z.string().min(1).nullable().default(null) }),
  },
} as const satisfies Record<ChannelKind, { settings: readonly string[]; schema: z.ZodObject }>;

type Shape<K extends ChannelKind> = z.output<(typeof channelShapes)[K]['schema']>;
export type ChannelConfig = {
  [K in ChannelKind]: { key: string; kind: K; purpose: 'normal' | 'out-of-band' } & Shape<K>;
}[ChannelKind];
export type ChannelOf<K extends ChannelKind> = Extract<ChannelConfig, { kind: K }>;

/** The API's body for a channel: its kind, purpose and all fields, secrets included (write-only). */
export const channelInputSchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS),
    purpose,
    enabled: z.boolean().default(true),
    config: z.record(z.string(), z.unknown()),
  })
  .strict();
export type ChannelInput = z.infer<typeof channelInputSchema>;

export interface ChannelDefinition {
  key: string;
  kind: ChannelKind;
  purpose: 'normal' | 'out-of-band';
  settings: Record<string, unknown>;
  secrets: Record<string, unknown> | null;
}

/** Validates a kind's fields and splits them into settings and secrets. */
export function defineChannel(
  key: string,
  kind: ChannelKind,
  channelPurpose: 'normal' | 'out-of-band',
  fields: Record<string, unknown>,
): { ok: true; definition: ChannelDefinition } | { ok: false; issues: { path: string; message: string }[] } {
  const shape = channelShapes[kind];
  const parsed = shape.schema.strict().safeParse(fields);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.data)) {
    if ((shape.settings as readonly string[]).includes(k)) settings[k] = v;
    else if (v !== null) secrets[k] = v;
  }
  return {
    ok: true,
    definition: {
      key,
      kind,
      purpose: channelPurpose,
      settings,
      secrets: Object.keys(secrets).length > 0 ? secrets : null,
    },
  };
}

/** The channels the environment configures (docs/escalation.md lists the variables). */
export function envChannels(n: NotificationConfig): ChannelDefinition[] {
  const out: ChannelDefinition[] = [];
  const add = (
    key: string,
    kind: ChannelKind,
    p: 'normal' | 'out-of-band',
    fields: Record<string, unknown>,
  ) => {
    const result = defineChannel(key, kind, p, fields);
    if (!result.ok)
      throw new Error(`channel ${key}: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    out.push(result.definition);
  };
  if (n.smtp) add('smtp', 'smtp', 'normal', { ...n.smtp });
  if (n.oobSmtp) add('smtp-oob', 'smtp', 'out-of-band', { ...n.oobSmtp });
  if (n.slackWebhookUrl) add('slack-webhook', 'slack-webhook', 'normal', { url: n.slackWebhookUrl });
  if (n.slackToken)
    add('slack', 'slack-api', 'normal', {
      baseUrl: n.slackApiUrl,
      token: n.slackToken,
      signingSecret: n.slackSigningSecret,
    });
  if (n.teamsWebhookUrl) add('teams', 'teams-webhook', 'normal', { url: n.teamsWebhookUrl });
  if (n.mattermostWebhookUrl)
    add('mattermost', 'mattermost-webhook', 'normal', { url: n.mattermostWebhookUrl });
  if (n.webhook) add('webhook', 'webhook', 'normal', { ...n.webhook });
  // The SMS gateway is the alternate channel the plan names ("via mobile phone messaging"): it serves both.
  if (n.smsGateway) add('sms', 'sms-gateway', 'normal', { ...n.smsGateway });
  return out;
}
