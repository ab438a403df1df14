import { z } from 'zod';
import { ALERT_SEVERITIES } from '../policy/schema.ts';

/** Limits that keep one alert small enough to batch (a hostile sender cannot make a row of megabytes). */
export const MAX_ALERTS_PER_REQUEST = 1000;
const labelKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_.:/-]*$/, 'label names are letters, digits and _ . : / -');
export const labelsSchema = z
  .record(labelKey, z.string().max(1024))
  .refine((l) => Object.keys(l).length <= 64, 'at most 64 labels');
const entityList = z.array(z.string().trim().min(1).max(512)).max(100);

export const entitiesSchema = z
  .object({
    hosts: entityList.optional(),
    accounts: entityList.optional(),
    ips: entityList.optional(),
    hashes: z
      .array(
        z
          .string()
          .trim()
          .regex(/^[A-Fa-f0-9]{32,128}$/, 'must be a hex digest (MD5, SHA-1, SHA-256 …)'),
      )
      .max(100)
      .optional(),
    files: entityList.optional(),
  })
  .strict();

/** The generic JSON alert (`POST /alerts`): what any tool or script can send. */
export const genericAlertSchema = z
  .object({
    /** Optional: when given it must be the name the token was registered under. */
    source: z.string().trim().min(1).max(100).optional(),
    title: z.string().trim().min(1).max(500),
    description: z.string().max(20_000).optional(),
    severity: z.enum(ALERT_SEVERITIES).default('unknown'),
    status: z.enum(['firing', 'resolved']).default('firing'),
    labels: labelsSchema.optional(),
    entities: entitiesSchema.optional(),
    observedAt: z.iso.datetime({ offset: true }).optional(),
    fingerprint: z.string().trim().min(1).max(200).optional(),
    externalId: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type GenericAlert = z.infer<typeof genericAlertSchema>;

export const genericBatchSchema = z
  .object({ alerts: z.array(genericAlertSchema).min(1).max(MAX_ALERTS_PER_REQUEST) })
  .strict();

const sourceName = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits and . _ -');
export const registerSourceSchema = z
  .object({
    name: sourceName,
    kind: z.enum(['generic', 'alertmanager', 'ocsf', 'syslog']).default('generic'),
    description: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type RegisterSourceInput = z.infer<typeof registerSourceSchema>;
