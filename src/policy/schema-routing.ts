import { z } from 'zod';
import { key, severityKey, sourceSchema, text } from './schema-sections.ts';

/** Routing rules for alerts and syslog parse rules (issue 5): which alert becomes which event, and when. */
/** Severities detection tools speak in, normalised by the intake adapters (not policy severities). */
export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info', 'unknown'] as const;
export const ENTITY_KINDS = ['host', 'account', 'ip', 'hash'] as const;
/** A regular expression written in the policy; checked to compile when the policy loads. */
export const pattern = z.string().min(1).max(1000);
export const template = z.string().min(1).max(1000);

export const routingRuleSchema = z
  .object({
    id: key,
    description: text.optional(),
    /** Every condition given must hold; a rule with an empty match applies to every alert. */
    match: z
      .object({
        sources: z.array(text).optional(),
        formats: z.array(z.enum(['generic', 'alertmanager', 'ocsf', 'syslog'])).optional(),
        severities: z.array(z.enum(ALERT_SEVERITIES)).optional(),
        /** Label equal to the value, or to one of the values. */
        labels: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
        /** A pattern one of the alert's hosts must match (e.g. production host names). */
        hosts: pattern.optional(),
        title: pattern.optional(),
      })
      .strict()
      .default({}),
    /** Suggested incident type and severity for triage (and used when the rule promotes). */
    type: key.optional(),
    severity: severityKey.optional(),
    /** The team whose queue the event goes to. */
    team: key.optional(),
    /** suggest: leave it to triage; promote: declare an incident now; dismiss: record it as dismissed. */
    action: z.enum(['suggest', 'promote', 'dismiss']).default('suggest'),
    dismissReason: key.optional(),
    source: sourceSchema.optional(),
  })
  .strict();

export const syslogRuleSchema = z
  .object({
    id: key,
    description: text.optional(),
    /** Patterns on the parsed line; named groups become {{variables}} for the alert fields. */
    match: z.object({ appName: pattern.optional(), hostname: pattern.optional(), message: pattern }).strict(),
    alert: z
      .object({
        title: template,
        description: template.optional(),
        severity: z.enum(ALERT_SEVERITIES).default('medium'),
        status: z.enum(['firing', 'resolved']).default('firing'),
        labels: z.record(z.string(), template).default({}),
        hosts: z.array(template).default([]),
        accounts: z.array(template).default([]),
        ips: z.array(template).default([]),
        hashes: z.array(template).default([]),
        files: z.array(template).default([]),
        fingerprint: template.optional(),
      })
      .strict(),
  })
  .strict();

/**
 * Intake routing (issue 5): how alerts from detection tools become events. Rules match source, labels,
 * severity and hosts and suggest a type and severity, or decide (promote, dismiss); every decision is
 * recorded as the event's disposition with the rule's id.
 */
export const routingSchema = z
  .object({
    rules: z.array(routingRuleSchema).default([]),
    /** Suggested policy severity for an alert no rule gives one to, by the tool's severity. */
    severityMap: z.partialRecord(z.enum(ALERT_SEVERITIES), severityKey).default({}),
    /** Alerts sharing one of these entities with an open incident are linked (merged) into it. */
    correlation: z
      .object({ entities: z.array(z.enum(ENTITY_KINDS)).default([...ENTITY_KINDS]) })
      .strict()
      .default({ entities: [...ENTITY_KINDS] }),
    syslog: z
      .object({
        rules: z.array(syslogRuleSchema).default([]),
        /** Lines no rule matches: kept (counted, readable later) or dropped as noise. */
        unmatched: z.enum(['keep', 'drop']).default('keep'),
      })
      .strict()
      .default({ rules: [], unmatched: 'keep' }),
    email: z
      .object({
        /** Mail from a user holding one of these roles is a report on behalf of a customer. */
        onBehalfOfCustomerRoles: z.array(key).default([]),
      })
      .strict()
      .default({ onBehalfOfCustomerRoles: [] }),
  })
  .strict();
export type Routing = z.infer<typeof routingSchema>;
