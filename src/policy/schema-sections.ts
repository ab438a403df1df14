import { z } from 'zod';
import { PERMISSIONS } from '../access/permissions.ts';

/**
 * The sections of the policy file (roles, severities, escalation, phases, closure, meetings, special
 * cases, playbooks, the collection form, breach rules, schedules, history, intake). `schema.ts` assembles
 * them; `schema-references.ts` checks that every key they mention is defined.
 */

export const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes (e.g. security-delegate)');
export const severityKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'must be letters, digits and dashes (e.g. P1)');
export const text = z.string().trim().min(1);

/** ISO-8601-like durations used throughout the policy: 90d, 14d, 36h, 15m, 30s. */
export const durationSchema = z
  .string()
  .regex(/^\d+(s|m|h|d|w)$/, 'must be a duration such as 30s, 15m, 4h, 14d or 2w');

/** Where a rule comes from in the written policy: cited in error messages and the UI. */
export const sourceSchema = z
  .object({ document: text, section: text.optional(), quote: text.optional() })
  .strict();

export const roleSchema = z
  .object({
    key,
    name: text,
    description: text.optional(),
    permissions: z.array(z.enum(PERMISSIONS)).default([]),
    /**
     * When no holder of this role is available, the engineer on call in `schedule` (holding one of `roles`)
     * is paged in their place and may take the role for the rest of the shift ("may act as the Security
     * Delegate (if primary resources are not available)").
     */
    onCallCover: z
      .object({ schedule: key, roles: z.array(key).min(1) })
      .strict()
      .optional(),
    source: sourceSchema.optional(),
  })
  .strict();

export const positionSchema = z.object({ key, name: text, description: text.optional() }).strict();
export const teamSchema = z.object({ key, name: text, description: text.optional() }).strict();

export const escalationTargetSchema = z.union([
  z.object({ role: key }).strict(),
  z.object({ position: key }).strict(),
  z.object({ team: key }).strict(),
  z.object({ oncall: key }).strict(),
  z
    .object({
      relation: z.enum(['reporter-supervisor', 'assignee', 'incident-participants', 'owner-team']),
    })
    .strict(),
]);
export type EscalationTarget = z.infer<typeof escalationTargetSchema>;

export const channelKind = z.enum(['email', 'chat', 'sms', 'voice', 'webhook', 'queue', 'app']);

export const escalationStepSchema = z
  .object({
    id: key,
    description: text.optional(),
    /** Delay after the trigger before this step runs. */
    after: durationSchema.default('0m'),
    notify: z.array(escalationTargetSchema).min(1),
    channels: z.array(channelKind).min(1),
    /** Include a link to the incident in the message ("notified via Slack with a reference"). */
    includeLink: z.boolean().default(true),
    ackTimeout: durationSchema.optional(),
    repeat: z.number().int().min(0).max(10).default(0),
    /** When nobody in `notify` acknowledges within ackTimeout, page these instead. */
    fallback: z
      .object({ notify: z.array(escalationTargetSchema).min(1), channels: z.array(channelKind).min(1) })
      .strict()
      .optional(),
    /**
     * With `ack` set to `any`, the chain stops when anyone acknowledges; `all` waits for each target. Acknowledgement
     * is counted per step: a step's fallback fires when none (any) or not all (all) of *its own* targets
     * acknowledged within ackTimeout ("neither the Manager of DevOps or CTO are reachable → CEO").
     */
    ack: z.enum(['any', 'all']).default('any'),
    source: sourceSchema.optional(),
  })
  .strict();

export const escalationRuleSchema = z
  .object({
    id: key,
    name: text,
    /** What starts it: a report of a suspected incident or breach, a declaration, a severity. */
    on: z.enum(['event.reported', 'breach.suspected', 'incident.declared', 'incident.severity_changed']),
    severities: z.array(severityKey).optional(),
    /** For `event.reported` and `breach.suspected`: reports from people, alerts from detection tools, or both. */
    reportsFrom: z
      .array(z.enum(['people', 'tools']))
      .min(1)
      .default(['people']),
    steps: z.array(escalationStepSchema).min(1),
    source: sourceSchema.optional(),
  })
  .strict();

/** Who hears about the remediation SLA: reminders at the severity's thresholds, and the breach notice. */
export const slaNoticeSchema = z
  .object({ notify: z.array(escalationTargetSchema).min(1), channels: z.array(channelKind).min(1) })
  .strict();
export const slaSchema = z
  .object({
    remind: slaNoticeSchema.optional(),
    breach: slaNoticeSchema.optional(),
    source: sourceSchema.optional(),
  })
  .strict();

export const severitySchema = z
  .object({
    key: severityKey,
    name: text,
    /** Lower rank is more severe (P0 = 0). */
    rank: z.number().int().min(0),
    definition: text,
    examples: z.array(text).default([]),
    /** Remediation window ("incidents will be closed within the following SLAs, when feasible"). */
    remediationSla: durationSchema.optional(),
    /** SLA thresholds (per cent of the window) at which the incident is "at risk". */
    slaWarnAt: z.array(z.number().int().min(1).max(99)).default([50, 75, 90]),
    escalationSummary: text.optional(),
    /** Artifacts that must be on record before an incident at this severity can close. */
    requiredBeforeClose: z.array(z.enum(['rca'])).default([]),
    /** Open a dedicated chat channel (Slack) for incidents at this severity and invite the responders. */
    dedicatedChannel: z.boolean().default(false),
    source: sourceSchema.optional(),
  })
  .strict();

export const incidentTypeSchema = z
  .object({
    key,
    name: text,
    description: text.optional(),
    defaultSeverity: severityKey.optional(),
    /** A suspected data breach starts the breach escalation and the breach review. */
    suspectedBreach: z.boolean().default(false),
    playbook: key.optional(),
  })
  .strict();

export const phaseSchema = z
  .object({
    key,
    name: text,
    description: text.optional(),
    /** Phases an incident may move to from here. */
    next: z.array(key).default([]),
    /** Reaching a closing phase closes the incident; its gates apply. */
    closing: z.boolean().default(false),
    /** The incident counts as resolved here (meetings held `until: resolved` stop); closing phases are too. */
    resolved: z.boolean().default(false),
    source: sourceSchema.optional(),
  })
  .strict();

export const closureGateSchema = z
  .object({
    id: key,
    description: text,
    /** Roles allowed to close; an empty list means anyone with `incident.close`. */
    roles: z.array(key).optional(),
    /** Artifacts required, optionally only at some severities. */
    requires: z.enum(['rca']).optional(),
    severities: z.array(severityKey).optional(),
    source: sourceSchema.optional(),
  })
  .strict();

export const fieldOptionsSchema = z
  .object({
    classification: z.array(text).default([]),
    likelihood: z.array(text).default([]),
    locations: z.array(text).default([]),
    ownerTeams: z.array(key).default([]),
    defaultOwnerTeam: key.optional(),
  })
  .strict();

export const meetingSchema = z
  .object({
    id: key,
    name: text,
    cadence: z.enum(['daily', 'weekly']),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
    timeZone: text.default('UTC'),
    duration: durationSchema.default('30m'),
    severities: z.array(severityKey).min(1),
    until: z.enum(['resolved', 'closed']).default('closed'),
    agenda: z.array(text).min(1),
    /** Who receives the invitation (iCalendar by e-mail). */
    invite: z
      .array(escalationTargetSchema)
      .min(1)
      .default([{ relation: 'incident-participants' }]),
    /** How long before each occurrence its invitation, with the agenda filled from the incident, is sent. */
    inviteBefore: durationSchema.default('1h'),
    source: sourceSchema.optional(),
  })
  .strict();

export const specialCaseSchema = z
  .object({
    id: key,
    name: text,
    description: text,
    /** What marks an incident as this case. */
    when: z.enum(['internal-actor', 'communications-compromised', 'root-account-compromise']),
    visibility: z.enum(['normal', 'restricted']).optional(),
    minimumSeverity: severityKey.optional(),
    outOfBand: z.boolean().default(false),
    /** Roles that may switch this case on for an incident (e.g. out-of-band mode); empty: incident.update. */
    appliedBy: z.array(key).default([]),
    notifyRoles: z.array(key).default([]),
    playbook: key.optional(),
    source: sourceSchema.optional(),
  })
  .strict();

export const playbookStepSchema = z
  .object({ id: key, title: text, detail: text.optional(), phase: key.optional() })
  .strict();
export const playbookSchema = z
  .object({
    key,
    name: text,
    objective: text.optional(),
    lifecycle: z.array(text).default([]),
    indicators: z.array(text).default([]),
    steps: z.array(playbookStepSchema).min(1),
    source: sourceSchema.optional(),
  })
  .strict();

export const formFieldSchema = z
  .object({
    id: key,
    label: text,
    type: z.enum(['text', 'textarea', 'datetime', 'email', 'phone', 'yes-no', 'choice', 'person']),
    options: z.array(text).optional(),
    /** For yes-no fields: what must be filled when the answer is yes or no. */
    ifYes: z.array(key).optional(),
    ifNo: z.array(key).optional(),
    required: z.boolean().default(false),
  })
  .strict();
export const formSectionSchema = z
  .object({
    id: key,
    title: text,
    perSystem: z.boolean().default(false),
    fields: z.array(formFieldSchema).min(1),
  })
  .strict();

export const reviewQuestionSchema = z.object({ id: key, text }).strict();

export const breachSchema = z
  .object({
    /** Who investigates whether unauthorized access became a breach. */
    reviewers: z.array(key).min(1),
    /** Only these may make the determination ("only by the CEO and Security Delegate"). */
    deciders: z
      .array(z.union([z.object({ role: key }).strict(), z.object({ position: key }).strict()]))
      .min(1),
    /** Stakeholders who give a position; consensus is sought. */
    stakeholders: z.array(z.union([z.object({ role: key }).strict(), z.object({ position: key }).strict()])),
    /** Who decides when consensus cannot be reached. */
    tieBreaker: z.union([z.object({ role: key }).strict(), z.object({ position: key }).strict()]),
    /** Written approvals required before any external notice is sent. */
    noticeApprovals: z
      .array(
        z
          .object({
            id: key,
            description: text,
            anyOf: z.array(z.union([z.object({ role: key }).strict(), z.object({ position: key }).strict()])),
          })
          .strict(),
      )
      .min(1),
    /** Regulatory or contractual clocks started by a positive determination. */
    clocks: z
      .array(
        z
          .object({
            id: key,
            name: text,
            within: durationSchema,
            from: z.enum(['awareness', 'determination']),
          })
          .strict(),
      )
      .default([]),
    source: sourceSchema.optional(),
  })
  .strict();

export const scheduleSchema = z
  .object({
    id: key,
    name: text,
    every: z.enum(['monthly', 'quarterly', 'yearly']),
    owner: key.optional(),
    source: sourceSchema.optional(),
  })
  .strict();

export const historySchema = z
  .object({
    version: text,
    date: text,
    description: text.optional(),
    writtenBy: text.optional(),
    approvedBy: text.optional(),
  })
  .strict();

export const intakeSchema = z
  .object({
    /** Where reports from Customer Success on behalf of customers go ("forwarded to DevOps"). */
    customerReportsTeam: key.optional(),
    /** The details a reporter is asked for ("act as a good witness"). */
    reporterGuidance: text.optional(),
    channels: z.array(text).default([]),
    monitoredEvents: z.array(text).default([]),
    dispositions: z.array(key).min(1),
  })
  .strict();
