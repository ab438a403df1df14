import { resolve } from 'node:path';
import { z } from 'zod';

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
  })
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
  }));

export type AppConfig = z.output<typeof envSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(environment)'}: ${i.message}`);
  throw new ConfigError(`Cordon cannot start: the configuration is invalid.\n${lines.join('\n')}`);
}
