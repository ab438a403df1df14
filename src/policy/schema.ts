import { z } from 'zod';
import { PERMISSIONS } from '../access/permissions.ts';

/**
 * The policy file: the written incident response policy as code. Everything the seed documents
 * define lives here; the code enforces whatever a policy says and never hard-codes a severity,
 * role name or deadline (DESIGN.md, principle 1).
 */

const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes (e.g. security-delegate)');
const severityKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'must be letters, digits and dashes (e.g. P1)');
const text = z.string().trim().min(1);

/** ISO-8601-like durations used throughout the policy: 90d, 14d, 36h, 15m, 30s. */
export const durationSchema = z
  .string()
  .regex(/^\d+(s|m|h|d|w)$/, 'must be a duration such as 30s, 15m, 4h, 14d or 2w');

/** Where a rule comes from in the written policy: cited in error messages and the UI. */
const sourceSchema = z.object({ document: text, section: text.optional(), quote: text.optional() }).strict();

const roleSchema = z
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

const positionSchema = z.object({ key, name: text, description: text.optional() }).strict();
const teamSchema = z.object({ key, name: text, description: text.optional() }).strict();

const escalationTargetSchema = z.union([
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

const channelKind = z.enum(['email', 'chat', 'sms', 'voice', 'webhook', 'queue', 'app']);

const escalationStepSchema = z
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

const escalationRuleSchema = z
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
const slaNoticeSchema = z
  .object({ notify: z.array(escalationTargetSchema).min(1), channels: z.array(channelKind).min(1) })
  .strict();
const slaSchema = z
  .object({
    remind: slaNoticeSchema.optional(),
    breach: slaNoticeSchema.optional(),
    source: sourceSchema.optional(),
  })
  .strict();

const severitySchema = z
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

const incidentTypeSchema = z
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

const phaseSchema = z
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

const closureGateSchema = z
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

const fieldOptionsSchema = z
  .object({
    classification: z.array(text).default([]),
    likelihood: z.array(text).default([]),
    locations: z.array(text).default([]),
    ownerTeams: z.array(key).default([]),
    defaultOwnerTeam: key.optional(),
  })
  .strict();

const meetingSchema = z
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

const specialCaseSchema = z
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

const playbookStepSchema = z
  .object({ id: key, title: text, detail: text.optional(), phase: key.optional() })
  .strict();
const playbookSchema = z
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

const formFieldSchema = z
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
const formSectionSchema = z
  .object({
    id: key,
    title: text,
    perSystem: z.boolean().default(false),
    fields: z.array(formFieldSchema).min(1),
  })
  .strict();

const reviewQuestionSchema = z.object({ id: key, text }).strict();

const breachSchema = z
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

const scheduleSchema = z
  .object({
    id: key,
    name: text,
    every: z.enum(['monthly', 'quarterly', 'yearly']),
    owner: key.optional(),
    source: sourceSchema.optional(),
  })
  .strict();

const historySchema = z
  .object({
    version: text,
    date: text,
    description: text.optional(),
    writtenBy: text.optional(),
    approvedBy: text.optional(),
  })
  .strict();

const intakeSchema = z
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

/** Severities detection tools speak in, normalised by the intake adapters (not policy severities). */
export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info', 'unknown'] as const;
export const ENTITY_KINDS = ['host', 'account', 'ip', 'hash'] as const;
/** A regular expression written in the policy; checked to compile when the policy loads. */
const pattern = z.string().min(1).max(1000);
const template = z.string().min(1).max(1000);

const routingRuleSchema = z
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

const syslogRuleSchema = z
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
const routingSchema = z
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

export const policySchema = z
  .object({
    apiVersion: z.literal('cordon/v1'),
    kind: z.literal('Policy'),
    metadata: z
      .object({
        name: key,
        title: text,
        organization: text.optional(),
        description: text.optional(),
        sources: z.array(text).default([]),
        established: text.optional(),
        lastRevised: text.optional(),
      })
      .strict(),
    roles: z.array(roleSchema).min(1),
    access: z
      .object({
        /** Roles granted to the first administrator so a fresh install can run a response. */
        bootstrapRoles: z.array(key).default([]),
        /** Who sees every restricted (need-to-know) incident, beyond its participants. */
        restrictedReaders: z.array(key).min(1),
        /** Role given to a user who reports; every signed-in user may report. */
        defaultRole: key.optional(),
      })
      .strict(),
    positions: z.array(positionSchema).default([]),
    teams: z.array(teamSchema).default([]),
    severities: z.array(severitySchema).min(1),
    incidentTypes: z.array(incidentTypeSchema).min(1),
    phases: z.array(phaseSchema).min(2),
    initialPhase: key,
    reopenTo: key,
    closure: z.array(closureGateSchema).default([]),
    fields: fieldOptionsSchema.default({ classification: [], likelihood: [], locations: [], ownerTeams: [] }),
    escalation: z.array(escalationRuleSchema).default([]),
    sla: slaSchema.default({}),
    meetings: z.array(meetingSchema).default([]),
    specialCases: z.array(specialCaseSchema).default([]),
    playbooks: z.array(playbookSchema).default([]),
    collectionForm: z
      .object({ title: text, sections: z.array(formSectionSchema).min(1) })
      .strict()
      .optional(),
    reviewQuestions: z.array(reviewQuestionSchema).default([]),
    breach: breachSchema.optional(),
    schedules: z.array(scheduleSchema).default([]),
    intake: intakeSchema,
    routing: routingSchema.optional(),
    rules: z
      .array(z.object({ id: key, text, source: sourceSchema.optional() }).strict())
      .default([])
      .describe('Other written rules kept for the record and shown to people.'),
    history: z.array(historySchema).default([]),
  })
  .strict()
  .superRefine((policy, ctx) => checkReferences(policy, ctx));

export type Policy = z.infer<typeof policySchema>;
export type Severity = Policy['severities'][number];
export type Phase = Policy['phases'][number];
export type Role = Policy['roles'][number];
export type ClosureGate = Policy['closure'][number];

/** Cross-references: every key a policy mentions must be defined in it. */
function checkReferences(policy: z.output<z.ZodObject>, ctx: z.RefinementCtx): void {
  const p = policy as Policy;
  const roles = new Set(p.roles.map((r) => r.key));
  const severities = new Set(p.severities.map((s) => s.key));
  const phases = new Set(p.phases.map((ph) => ph.key));
  const positions = new Set(p.positions.map((x) => x.key));
  const teams = new Set(p.teams.map((x) => x.key));
  const playbooks = new Set(p.playbooks.map((x) => x.key));
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });

  const unique = (items: { key?: string; id?: string }[], path: string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = item.key ?? item.id ?? '';
      if (seen.has(k)) issue([path, i], `duplicate key "${k}"`);
      seen.add(k);
    });
  };
  unique(p.roles, 'roles');
  unique(p.severities, 'severities');
  unique(p.phases, 'phases');
  unique(p.incidentTypes, 'incidentTypes');
  unique(p.positions, 'positions');
  unique(p.teams, 'teams');
  unique(p.playbooks, 'playbooks');

  const ranks = new Set<number>();
  p.severities.forEach((s, i) => {
    if (ranks.has(s.rank)) issue(['severities', i, 'rank'], `rank ${s.rank} is used twice`);
    ranks.add(s.rank);
  });
  const checkRole = (r: string, path: (string | number)[]) => {
    if (!roles.has(r)) issue(path, `unknown role "${r}"`);
  };
  const checkSeverity = (s: string, path: (string | number)[]) => {
    if (!severities.has(s)) issue(path, `unknown severity "${s}"`);
  };
  const checkPhase = (s: string, path: (string | number)[]) => {
    if (!phases.has(s)) issue(path, `unknown phase "${s}"`);
  };
  const checkParty = (party: { role?: string; position?: string }, path: (string | number)[]) => {
    if (party.role !== undefined) checkRole(party.role, [...path, 'role']);
    if (party.position !== undefined && !positions.has(party.position))
      issue([...path, 'position'], `unknown position "${party.position}"`);
  };
  const checkTarget = (t: EscalationTarget, path: (string | number)[]) => {
    if ('role' in t) checkRole(t.role, [...path, 'role']);
    if ('position' in t && !positions.has(t.position))
      issue([...path, 'position'], `unknown position "${t.position}"`);
    if ('team' in t && !teams.has(t.team)) issue([...path, 'team'], `unknown team "${t.team}"`);
  };

  p.access.bootstrapRoles.forEach((r, i) => checkRole(r, ['access', 'bootstrapRoles', i]));
  p.access.restrictedReaders.forEach((r, i) => checkRole(r, ['access', 'restrictedReaders', i]));
  if (p.access.defaultRole) checkRole(p.access.defaultRole, ['access', 'defaultRole']);
  checkPhase(p.initialPhase, ['initialPhase']);
  checkPhase(p.reopenTo, ['reopenTo']);
  if (!p.phases.some((ph) => ph.closing)) issue(['phases'], 'at least one phase must be closing: true');
  p.phases.forEach((ph, i) => {
    ph.next.forEach((n, j) => checkPhase(n, ['phases', i, 'next', j]));
  });
  p.incidentTypes.forEach((t, i) => {
    if (t.defaultSeverity) checkSeverity(t.defaultSeverity, ['incidentTypes', i, 'defaultSeverity']);
    if (t.playbook && !playbooks.has(t.playbook))
      issue(['incidentTypes', i, 'playbook'], `unknown playbook "${t.playbook}"`);
  });
  p.closure.forEach((g, i) => {
    g.roles?.forEach((r, j) => checkRole(r, ['closure', i, 'roles', j]));
    g.severities?.forEach((s, j) => checkSeverity(s, ['closure', i, 'severities', j]));
  });
  p.fields.ownerTeams.forEach((t, i) => {
    if (!teams.has(t)) issue(['fields', 'ownerTeams', i], `unknown team "${t}"`);
  });
  if (p.fields.defaultOwnerTeam && !teams.has(p.fields.defaultOwnerTeam))
    issue(['fields', 'defaultOwnerTeam'], `unknown team "${p.fields.defaultOwnerTeam}"`);
  p.escalation.forEach((rule, i) => {
    rule.severities?.forEach((s, j) => checkSeverity(s, ['escalation', i, 'severities', j]));
    rule.steps.forEach((step, j) => {
      step.notify.forEach((t, k) => checkTarget(t, ['escalation', i, 'steps', j, 'notify', k]));
      step.fallback?.notify.forEach((t, k) =>
        checkTarget(t, ['escalation', i, 'steps', j, 'fallback', 'notify', k]),
      );
    });
  });
  p.meetings.forEach((m, i) => {
    m.severities.forEach((s, j) => checkSeverity(s, ['meetings', i, 'severities', j]));
  });
  p.specialCases.forEach((c, i) => {
    if (c.minimumSeverity) checkSeverity(c.minimumSeverity, ['specialCases', i, 'minimumSeverity']);
    c.notifyRoles.forEach((r, j) => checkRole(r, ['specialCases', i, 'notifyRoles', j]));
    if (c.playbook && !playbooks.has(c.playbook))
      issue(['specialCases', i, 'playbook'], `unknown playbook "${c.playbook}"`);
  });
  if (p.breach) {
    p.breach.reviewers.forEach((r, i) => checkRole(r, ['breach', 'reviewers', i]));
    p.breach.deciders.forEach((d, i) => checkParty(d, ['breach', 'deciders', i]));
    p.breach.stakeholders.forEach((d, i) => checkParty(d, ['breach', 'stakeholders', i]));
    checkParty(p.breach.tieBreaker, ['breach', 'tieBreaker']);
    p.breach.noticeApprovals.forEach((a, i) => {
      a.anyOf.forEach((d, j) => checkParty(d, ['breach', 'noticeApprovals', i, 'anyOf', j]));
    });
  }
  if (p.intake.customerReportsTeam && !teams.has(p.intake.customerReportsTeam))
    issue(['intake', 'customerReportsTeam'], `unknown team "${p.intake.customerReportsTeam}"`);
  checkMoreReferences(p, issue, checkPhase);
  checkNotificationReferences(p, checkRole, checkTarget);
  checkRouting(p, issue, checkRole, checkSeverity);
}

/** Routing rules name policy types, severities, teams, roles and reasons, and carry patterns that must compile. */
function checkRouting(
  p: Policy,
  issue: (path: (string | number)[], message: string) => void,
  checkRole: (r: string, path: (string | number)[]) => void,
  checkSeverity: (s: string, path: (string | number)[]) => void,
): void {
  const r = p.routing;
  if (!r) return;
  const types = new Set(p.incidentTypes.map((t) => t.key));
  const teams = new Set(p.teams.map((t) => t.key));
  const compiles = (source: string | undefined, path: (string | number)[]) => {
    if (source === undefined) return;
    try {
      new RegExp(source, 'u');
    } catch (e) {
      issue(path, `is not a valid pattern: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const ids = new Set<string>();
  r.rules.forEach((rule, i) => {
    if (ids.has(rule.id)) issue(['routing', 'rules', i, 'id'], `duplicate id "${rule.id}"`);
    ids.add(rule.id);
    if (rule.type && !types.has(rule.type))
      issue(['routing', 'rules', i, 'type'], `unknown incident type "${rule.type}"`);
    if (rule.severity) checkSeverity(rule.severity, ['routing', 'rules', i, 'severity']);
    if (rule.team && !teams.has(rule.team))
      issue(['routing', 'rules', i, 'team'], `unknown team "${rule.team}"`);
    if (rule.action === 'promote' && (!rule.type || !rule.severity))
      issue(['routing', 'rules', i, 'action'], 'a rule that promotes needs a type and a severity');
    if (rule.action === 'dismiss' && !rule.dismissReason)
      issue(['routing', 'rules', i, 'dismissReason'], 'a rule that dismisses needs a dismissReason');
    if (rule.dismissReason && !p.intake.dispositions.includes(rule.dismissReason))
      issue(
        ['routing', 'rules', i, 'dismissReason'],
        `"${rule.dismissReason}" is not in intake.dispositions`,
      );
    compiles(rule.match.hosts, ['routing', 'rules', i, 'match', 'hosts']);
    compiles(rule.match.title, ['routing', 'rules', i, 'match', 'title']);
  });
  Object.entries(r.severityMap).forEach(([k, s]) => {
    if (s) checkSeverity(s, ['routing', 'severityMap', k]);
  });
  const syslogIds = new Set<string>();
  r.syslog.rules.forEach((rule, i) => {
    if (syslogIds.has(rule.id)) issue(['routing', 'syslog', 'rules', i, 'id'], `duplicate id "${rule.id}"`);
    syslogIds.add(rule.id);
    compiles(rule.match.appName, ['routing', 'syslog', 'rules', i, 'match', 'appName']);
    compiles(rule.match.hostname, ['routing', 'syslog', 'rules', i, 'match', 'hostname']);
    compiles(rule.match.message, ['routing', 'syslog', 'rules', i, 'match', 'message']);
  });
  r.email.onBehalfOfCustomerRoles.forEach((role, i) =>
    checkRole(role, ['routing', 'email', 'onBehalfOfCustomerRoles', i]),
  );
}

/** Roles and targets named by on-call cover, meetings, SLA notices and special cases. */
function checkNotificationReferences(
  p: Policy,
  checkRole: (r: string, path: (string | number)[]) => void,
  checkTarget: (t: EscalationTarget, path: (string | number)[]) => void,
): void {
  p.roles.forEach((role, i) => {
    role.onCallCover?.roles.forEach((r, j) => checkRole(r, ['roles', i, 'onCallCover', 'roles', j]));
  });
  p.meetings.forEach((m, i) => {
    m.invite.forEach((t, j) => checkTarget(t, ['meetings', i, 'invite', j]));
  });
  for (const which of ['remind', 'breach'] as const) {
    p.sla[which]?.notify.forEach((t, j) => checkTarget(t, ['sla', which, 'notify', j]));
  }
  p.specialCases.forEach((c, i) => {
    c.appliedBy.forEach((r, j) => checkRole(r, ['specialCases', i, 'appliedBy', j]));
  });
}

/**
 * References and identifiers the checks above left open: a typo in any of them would otherwise load
 * and then silently do nothing (a playbook step in no phase, a form field that is never asked).
 */
function checkMoreReferences(
  p: Policy,
  issue: (path: (string | number)[], message: string) => void,
  checkPhase: (s: string, path: (string | number)[]) => void,
): void {
  const unique = (items: { id: string }[], path: (string | number)[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) issue([...path, i, 'id'], `duplicate id "${item.id}"`);
      seen.add(item.id);
    });
  };
  const closing = new Set(p.phases.filter((ph) => ph.closing).map((ph) => ph.key));
  if (closing.has(p.initialPhase)) issue(['initialPhase'], 'the initial phase must not be a closing phase');
  if (closing.has(p.reopenTo)) issue(['reopenTo'], 'a reopened incident must go to an open phase');
  unique(p.escalation, ['escalation']);
  unique(p.closure, ['closure']);
  unique(p.meetings, ['meetings']);
  unique(p.specialCases, ['specialCases']);
  unique(p.reviewQuestions, ['reviewQuestions']);
  unique(p.schedules, ['schedules']);
  unique(p.rules, ['rules']);
  p.escalation.forEach((rule, i) => {
    unique(rule.steps, ['escalation', i, 'steps']);
  });
  p.playbooks.forEach((pb, i) => {
    unique(pb.steps, ['playbooks', i, 'steps']);
    pb.steps.forEach((step, j) => {
      if (step.phase) checkPhase(step.phase, ['playbooks', i, 'steps', j, 'phase']);
    });
  });
  const owners = new Set([
    ...p.roles.map((r) => r.key),
    ...p.teams.map((t) => t.key),
    ...p.positions.map((x) => x.key),
  ]);
  p.schedules.forEach((s, i) => {
    if (s.owner && !owners.has(s.owner))
      issue(['schedules', i, 'owner'], `unknown role, team or position "${s.owner}"`);
  });
  const sections = p.collectionForm?.sections ?? [];
  const fieldIds = new Set<string>();
  sections.forEach((section, i) => {
    section.fields.forEach((f, j) => {
      if (fieldIds.has(f.id))
        issue(['collectionForm', 'sections', i, 'fields', j, 'id'], `duplicate field "${f.id}"`);
      fieldIds.add(f.id);
      if (f.type === 'choice' && !f.options?.length)
        issue(['collectionForm', 'sections', i, 'fields', j, 'options'], 'a choice field needs options');
      if ((f.ifYes || f.ifNo) && f.type !== 'yes-no')
        issue(
          ['collectionForm', 'sections', i, 'fields', j, 'type'],
          'only a yes-no field may have ifYes or ifNo',
        );
    });
  });
  unique(sections, ['collectionForm', 'sections']);
  sections.forEach((section, i) => {
    section.fields.forEach((f, j) => {
      for (const branch of ['ifYes', 'ifNo'] as const) {
        f[branch]?.forEach((id, k) => {
          if (!fieldIds.has(id))
            issue(['collectionForm', 'sections', i, 'fields', j, branch, k], `unknown form field "${id}"`);
        });
      }
    });
  });
}
