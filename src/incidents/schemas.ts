import { z } from 'zod';

const title = z.string().trim().min(3).max(300);
const optionalText = z.string().trim().min(1).max(300).nullable().optional();
const key = z.string().min(1).max(64);

export const declareIncidentSchema = z
  .object({
    title,
    summary: z.string().trim().max(20_000).default(''),
    type: key,
    severity: key,
    classification: optionalText,
    location: optionalText,
    likelihood: optionalText,
    ownerTeam: key.nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
    visibility: z.enum(['normal', 'restricted']).optional(),
    suspectedInternalActor: z.boolean().default(false),
  })
  .strict();

export const updateIncidentSchema = z
  .object({
    title: title.optional(),
    summary: z.string().trim().max(20_000).optional(),
    type: key.optional(),
    classification: optionalText,
    location: optionalText,
    likelihood: optionalText,
    ownerTeam: key.nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
    visibility: z.enum(['normal', 'restricted']).optional(),
    suspectedInternalActor: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const transitionSchema = z
  .object({ to: key, reason: z.string().trim().max(2000).optional() })
  .strict();
export const severitySchema = z
  .object({ severity: key, reason: z.string().trim().min(3).max(2000) })
  .strict();
export const roleAssignmentSchema = z.object({ role: key, userId: z.uuid() }).strict();
export const noteSchema = z.object({ text: z.string().trim().min(1).max(20_000) }).strict();
export const rcaSchema = z
  .object({
    body: z.string().trim().min(20, 'a root cause analysis needs at least a few sentences').max(200_000),
  })
  .strict();

export const listIncidentsQuerySchema = z
  .object({
    severity: key.optional(),
    phase: key.optional(),
    type: key.optional(),
    visibility: z.enum(['normal', 'restricted']).optional(),
    open: z.enum(['true', 'false']).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    assignee: z.uuid().optional(),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'is not a cursor from this API')
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export type DeclareIncidentInput = z.infer<typeof declareIncidentSchema>;
export type UpdateIncidentInput = z.infer<typeof updateIncidentSchema>;
export type TransitionInput = z.infer<typeof transitionSchema>;
export type SeverityInput = z.infer<typeof severitySchema>;
export type RoleAssignmentInput = z.infer<typeof roleAssignmentSchema>;
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuerySchema>;
