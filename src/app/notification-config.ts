import { z } from 'zod';

/**
 * Environment for escalation and notifications (docs/escalation.md), kept beside config.ts so that file
 * stays one schema. Channel credentials have no defaults; configuring one requires CORDON_SECRET_KEY,
 * because Cordon stores every channel's credentials encrypted with it (AES-256-GCM).
 */
const port = z.coerce.number().int().min(1).max(65535);
const url = z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' });

export const notificationEnv = {
  CORDON_WORKERS: z
    .stringbool()
    .default(true)
    .describe('Run background work here: escalation, deliveries, timers (false for web-only processes)'),
  CORDON_SECRET_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. openssl rand -base64 48)')
    .optional()
    .describe('Encrypts channel credentials at rest and signs acknowledgement links'),
  CORDON_SMTP_HOST: z.string().min(1).optional().describe('Mail server for notifications'),
  CORDON_SMTP_PORT: port.default(587),
  CORDON_SMTP_SECURE: z.stringbool().default(false).describe('TLS from the start (port 465)'),
  CORDON_SMTP_USER: z.string().min(1).optional(),
  CORDON_SMTP_PASSWORD: z.string().min(1).optional(),
  CORDON_SMTP_FROM: z.email().optional().describe('From address of notifications'),
  CORDON_OOB_SMTP_HOST: z
    .string()
    .min(1)
    .optional()
    .describe('Separate mail server used for incidents in out-of-band mode'),
  CORDON_OOB_SMTP_PORT: port.default(587),
  CORDON_OOB_SMTP_SECURE: z.stringbool().default(false),
  CORDON_OOB_SMTP_USER: z.string().min(1).optional(),
  CORDON_OOB_SMTP_PASSWORD: z.string().min(1).optional(),
  CORDON_OOB_SMTP_FROM: z.email().optional(),
  CORDON_SLACK_WEBHOOK_URL: url.optional().describe('Slack incoming webhook (a credential)'),
  CORDON_SLACK_TOKEN: z.string().min(1).optional().describe('Slack bot token for the Web API'),
  CORDON_SLACK_API_URL: url.default('https://slack.com/api').describe('Slack Web API base URL'),
  CORDON_SLACK_SIGNING_SECRET: z
    .string()
    .min(1)
    .optional()
    .describe('Verifies Slack button clicks (interactivity)'),
  CORDON_TEAMS_WEBHOOK_URL: url.optional().describe('Microsoft Teams incoming webhook'),
  CORDON_MATTERMOST_WEBHOOK_URL: url.optional().describe('Mattermost incoming webhook'),
  CORDON_WEBHOOK_URL: url.optional().describe('Generic webhook, signed with HMAC-SHA256'),
  CORDON_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CORDON_SMS_GATEWAY_URL: url.optional().describe('HTTP gateway for SMS and voice calls'),
  CORDON_SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  CORDON_DELIVERY_RETRIES: z.coerce.number().int().min(0).max(20).default(5),
  CORDON_DELIVERY_RETRY_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(10)
    .describe('First retry delay; doubles with each attempt'),
  CORDON_DELIVERY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  CORDON_ACK_LINK_HOURS: z.coerce.number().int().min(1).max(720).default(72),
};

const notificationEnvSchema = z.object(notificationEnv);
type NotificationEnv = z.output<typeof notificationEnvSchema> & {
  CORDON_PUBLIC_URL?: string | undefined;
  HOST: string;
  PORT: number;
};

/** Channels that hold credentials need the key that encrypts them; webhooks must be signed. */
export function checkNotificationEnv(env: NotificationEnv, ctx: z.RefinementCtx): void {
  const credentials = [
    'CORDON_SMTP_PASSWORD',
    'CORDON_OOB_SMTP_PASSWORD',
    'CORDON_SLACK_WEBHOOK_URL',
    'CORDON_SLACK_TOKEN',
    'CORDON_SLACK_SIGNING_SECRET',
    'CORDON_TEAMS_WEBHOOK_URL',
    'CORDON_MATTERMOST_WEBHOOK_URL',
    'CORDON_WEBHOOK_SECRET',
    'CORDON_SMS_GATEWAY_TOKEN',
  ] as const;
  const set = credentials.filter((k) => env[k] !== undefined);
  if (set.length > 0 && !env.CORDON_SECRET_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['CORDON_SECRET_KEY'],
      message: `is required when channel credentials are configured (${set.join(', ')}): they are stored encrypted with it`,
    });
  }
  if (env.CORDON_WEBHOOK_URL && !env.CORDON_WEBHOOK_SECRET)
    ctx.addIssue({
      code: 'custom',
      path: ['CORDON_WEBHOOK_SECRET'],
      message: 'is required with CORDON_WEBHOOK_URL: webhooks are signed with HMAC-SHA256',
    });
  for (const prefix of ['CORDON_SMTP', 'CORDON_OOB_SMTP'] as const) {
    if (env[`${prefix}_HOST`] && !env[`${prefix}_FROM`])
      ctx.addIssue({ code: 'custom', path: [`${prefix}_FROM`], message: `is required with ${prefix}_HOST` });
    if (env[`${prefix}_USER`] && !env[`${prefix}_PASSWORD`])
      ctx.addIssue({
        code: 'custom',
        path: [`${prefix}_PASSWORD`],
        message: `is required with ${prefix}_USER`,
      });
  }
}

export interface SmtpEnv {
  host: string;
  port: number;
  secure: boolean;
  from: string;
  user: string | null;
  password: string | null;
}

export function notificationConfig(env: NotificationEnv) {
  const smtp = (prefix: 'CORDON_SMTP' | 'CORDON_OOB_SMTP'): SmtpEnv | null => {
    const host = env[`${prefix}_HOST`];
    const from = env[`${prefix}_FROM`];
    if (!host || !from) return null;
    return {
      host,
      port: env[`${prefix}_PORT`],
      secure: env[`${prefix}_SECURE`],
      from,
      user: env[`${prefix}_USER`] ?? null,
      password: env[`${prefix}_PASSWORD`] ?? null,
    };
  };
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return {
    secretKey: env.CORDON_SECRET_KEY ?? null,
    /** Where links in messages point (the web app and signed acknowledgement links). */
    baseUrl: (env.CORDON_PUBLIC_URL ?? `http://${host}:${env.PORT}`).replace(/\/+$/, ''),
    smtp: smtp('CORDON_SMTP'),
    oobSmtp: smtp('CORDON_OOB_SMTP'),
    slackWebhookUrl: env.CORDON_SLACK_WEBHOOK_URL ?? null,
    slackToken: env.CORDON_SLACK_TOKEN ?? null,
    slackApiUrl: env.CORDON_SLACK_API_URL.replace(/\/+$/, ''),
    slackSigningSecret: env.CORDON_SLACK_SIGNING_SECRET ?? null,
    teamsWebhookUrl: env.CORDON_TEAMS_WEBHOOK_URL ?? null,
    mattermostWebhookUrl: env.CORDON_MATTERMOST_WEBHOOK_URL ?? null,
    webhook:
      env.CORDON_WEBHOOK_URL && env.CORDON_WEBHOOK_SECRET
        ? { url: env.CORDON_WEBHOOK_URL, secret: env.CORDON_WEBHOOK_SECRET }
        : null,
    smsGateway: env.CORDON_SMS_GATEWAY_URL
      ? { url: env.CORDON_SMS_GATEWAY_URL, token: env.CORDON_SMS_GATEWAY_TOKEN ?? null }
      : null,
    delivery: {
      retries: env.CORDON_DELIVERY_RETRIES,
      retrySeconds: env.CORDON_DELIVERY_RETRY_SECONDS,
      timeoutMs: env.CORDON_DELIVERY_TIMEOUT_SECONDS * 1000,
    },
    ackLinkHours: env.CORDON_ACK_LINK_HOURS,
  };
}

export type NotificationConfig = ReturnType<typeof notificationConfig>;
