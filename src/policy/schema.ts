import { z } from 'zod';
import { checkReferences } from './schema-references.ts';
import { routingSchema } from './schema-routing.ts';
import {
  breachSchema,
  closureGateSchema,
  escalationRuleSchema,
  fieldOptionsSchema,
  formSectionSchema,
  historySchema,
  incidentTypeSchema,
  intakeSchema,
  key,
  meetingSchema,
  phaseSchema,
  playbookSchema,
  positionSchema,
  reviewQuestionSchema,
  roleSchema,
  scheduleSchema,
  severitySchema,
  slaSchema,
  sourceSchema,
  specialCaseSchema,
  teamSchema,
  text,
} from './schema-sections.ts';

/**
 * The policy file: the written incident response policy as code. Everything the seed documents
 * define lives here; the code enforces whatever a policy says and never hard-codes a severity,
 * role name or deadline (DESIGN.md, principle 1). Sections: `schema-sections.ts`, `schema-routing.ts`;
 * cross-reference checks: `schema-references.ts`.
 */

export type { Routing } from './schema-routing.ts';
export { ALERT_SEVERITIES, ENTITY_KINDS } from './schema-routing.ts';
export type { EscalationTarget } from './schema-sections.ts';
export { durationSchema } from './schema-sections.ts';

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
