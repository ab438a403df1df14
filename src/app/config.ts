import { resolve } from 'node:path';
import { z } from 'zod';
import { checkNotificationEnv, notificationConfig, notificationEnv } from './notification-config.ts';

/**
 * All configuration: environment variables, validated once at start. A bad value stops the process with a
 * readable list of what is wrong. No secret has a default (DESIGN.md, principle 4).
 */
const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('TCP port the server listens on'),
    HOST: z.string().min(1).default('127.0.0.1').describe('Address the server listens on'),
    CORDON_DATA: z.string().min(1).default('./cordon-data').describe('Embedded PGlite data directory'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional()
      .describe('Use PostgreSQL instead of embedded PGlite'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    CORDON_ADMIN_TOKEN: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe('API token of the first administrator, for automation (first start only)'),
    CORDON_POLICY: z
      .string()
      .min(1)
      .optional()
      .describe('Policy file loaded on first start instead of the default preset'),
    CORDON_PUBLIC_URL: z
      .url()
      .optional()
      .describe('The address people use to reach Cordon (links, secure cookies)'),
    CORDON_SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    CORDON_TRUST_PROXY: z
      .stringbool()
      .default(false)
      .describe('Trust X-Forwarded-* headers from a reverse proxy'),
    CORDON_RATE_LIMIT: z.coerce
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Requests per minute per client; 0 = off'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Intake from detection tools and e-mail (docs/intake.md). Every listener is off unless its port is set.
    CORDON_ALERT_QUEUE: z.coerce
      .number()
      .int()
      .min(100)
      .max(1_000_000)
      .default(50_000)
      .describe('Alerts waiting for their group commit at most; beyond it alerts get 429 + Retry-After'),
    CORDON_ALERT_BATCH: z.coerce
      .number()
      .int()
      .min(1)
      .max(20_000)
      .default(2_000)
      .describe('Alerts written per transaction at most'),
    CORDON_SYSLOG_HOST: z.string().min(1).default('127.0.0.1').describe('Address the syslog listeners bind'),
    CORDON_SYSLOG_UDP_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('Syslog over UDP'),
    CORDON_SYSLOG_TCP_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('Syslog over TCP'),
    CORDON_SYSLOG_SOURCE: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .default('syslog')
      .describe('Alert source name syslog alerts are filed under'),
    CORDON_SMTP_INTAKE_HOST: z.string().min(1).default('127.0.0.1').describe('Address the SMTP intake binds'),
    CORDON_SMTP_INTAKE_PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .optional()
      .describe('SMTP listener for the security address'),
    CORDON_INTAKE_ADDRESSES: z
      .string()
      .optional()
      .describe('Comma-separated addresses the SMTP intake accepts mail for (default: every address)'),
    CORDON_INTAKE_MAX_MAIL_BYTES: z.coerce
      .number()
      .int()
      .min(10_000)
      .max(100 * 1024 * 1024)
      .default(25 * 1024 * 1024),
    CORDON_IMAP_URL: z
      .string()
      .regex(/^imaps?:\/\//, 'must be an imap:// or imaps:// URL')
      .optional()
      .describe('Mailbox polled for reports: imaps://user:password@host:993/INBOX'),
    CORDON_IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    CORDON_INTAKE_REPLY_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional()
      .describe('SMTP server that sends reporters their event reference'),
    CORDON_INTAKE_REPLY_FROM: z.string().min(3).optional().describe('From address of acknowledgements'),
    CORDON_MAX_ATTACHMENT_MB: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe('Largest file, in MiB, a reporter or responder may attach to an event'),
    ...notificationEnv,
  })
  .superRefine(checkNotificationEnv)
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    dataDir: resolve(env.CORDON_DATA),
    databaseUrl: env.DATABASE_URL ?? null,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    adminToken: env.CORDON_ADMIN_TOKEN ?? null,
    policyFile: env.CORDON_POLICY ?? null,
    publicUrl: env.CORDON_PUBLIC_URL ?? null,
    sessionHours: env.CORDON_SESSION_HOURS,
    secureCookies: env.CORDON_PUBLIC_URL?.startsWith('https://') ?? false,
    trustProxy: env.CORDON_TRUST_PROXY,
    rateLimitPerMinute: env.CORDON_RATE_LIMIT,
    logLevel: env.LOG_LEVEL,
    maxAttachmentBytes: env.CORDON_MAX_ATTACHMENT_MB * 1024 * 1024,
    intake: {
      alertQueue: env.CORDON_ALERT_QUEUE,
      alertBatch: env.CORDON_ALERT_BATCH,
      syslogHost: env.CORDON_SYSLOG_HOST,
      syslogUdpPort: env.CORDON_SYSLOG_UDP_PORT ?? null,
      syslogTcpPort: env.CORDON_SYSLOG_TCP_PORT ?? null,
      syslogSource: env.CORDON_SYSLOG_SOURCE,
      smtpHost: env.CORDON_SMTP_INTAKE_HOST,
      smtpPort: env.CORDON_SMTP_INTAKE_PORT ?? null,
      addresses: (env.CORDON_INTAKE_ADDRESSES ?? '')
        .split(',')
        .map((a) => a.trim().toLowerCase())
        .filter(Boolean),
      maxMailBytes: env.CORDON_INTAKE_MAX_MAIL_BYTES,
      imapUrl: env.CORDON_IMAP_URL ?? null,
      imapPollSeconds: env.CORDON_IMAP_POLL_SECONDS,
      replyUrl: env.CORDON_INTAKE_REPLY_URL ?? null,
      mailFrom: env.CORDON_INTAKE_REPLY_FROM ?? null,
    },
    workers: env.CORDON_WORKERS,
    notifications: notificationConfig(env),
  }));

export type AppConfig = z.output<typeof envSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(environment)'}: ${i.message}`);
  throw new ConfigError(`Cordon cannot start: the configuration is invalid.\n${lines.join('\n')}`);
}
