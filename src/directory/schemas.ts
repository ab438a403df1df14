import { z } from 'zod';
import { PERSONAL_CHANNELS } from './channels.ts';
import { isTimeZone } from './zoned-time.ts';

export const handle = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    'must be a short name: letters, digits, dots, dashes (e.g. maria.lopez)',
  );
const policyKey = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a policy key such as devops');
const phone = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an international number such as +4915112345678');
const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin');
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** The channels a person would rather not be paged by: email, chat, sms, voice, each at most once. */
export const avoidChannelsSchema = z
  .array(
    z.enum(PERSONAL_CHANNELS, {
      // Only a string is quoted back: turning other input (a deeply nested array) into text can overflow the stack.
      error: (issue) =>
        `${typeof issue.input === 'string' ? `"${issue.input.slice(0, 40)}"` : 'This value'} is not a channel that reaches one person: use ${PERSONAL_CHANNELS.join(', ')} (webhook, queue and app are not per person)`,
    }),
  )
  .max(PERSONAL_CHANNELS.length)
  .refine((list) => new Set(list).size === list.length, 'must not name a channel twice');

export const personSchema = z
  .object({
    handle,
    name: z.string().trim().min(1).max(200),
    title: nullable(z.string().trim().min(1).max(200)),
    email: nullable(z.email()),
    phone: nullable(phone),
    chatHandle: nullable(z.string().trim().min(1).max(100)),
    /** The Cordon user this person signs in as, by username. */
    username: nullable(z.string().trim().min(1).max(100)),
    supervisor: nullable(handle),
    teams: z.array(policyKey).max(50).optional(),
    positions: z.array(policyKey).max(20).optional(),
    timeZone: nullable(timeZone),
    /** Channels this person would rather not be paged by ("text me, don't call"); [] clears. */
    avoidChannels: avoidChannelsSchema.optional(),
  })
  .strict();
export type PersonInput = z.infer<typeof personSchema>;
export const personPatchSchema = personSchema.omit({ handle: true }).partial().strict();
export type PersonPatch = z.infer<typeof personPatchSchema>;

export const availabilitySchema = z
  .object({
    unavailableUntil: z.iso.datetime({ offset: true }).nullable(),
    reason: z.string().max(500).optional(),
  })
  .strict();

export const teamSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: nullable(z.email()),
    members: z.array(handle).max(1000).optional(),
  })
  .strict();
export type TeamInput = z.infer<typeof teamSchema>;

export const positionSchema = z.object({ holder: handle.nullable() }).strict();

export const scheduleSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    timeZone,
    rotation: z.enum(['daily', 'weekly']),
    handoffTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
    /** ISO weekday for weekly rotations: 1 = Monday … 7 = Sunday. */
    handoffDay: z.number().int().min(1).max(7).default(1),
    startDate: z.iso.date(),
    participants: z.array(handle).min(1).max(200),
  })
  .strict();
export type ScheduleInput = z.infer<typeof scheduleSchema>;

export const overrideSchema = z
  .object({
    person: handle,
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    reason: z.string().max(500).optional(),
  })
  .strict()
  .refine((o) => Date.parse(o.endsAt) > Date.parse(o.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type OverrideInput = z.infer<typeof overrideSchema>;

/** The YAML import: everything at once, by handle. */
export const directoryDocumentSchema = z
  .object({
    people: z.array(personSchema).max(10_000).default([]),
    teams: z.record(policyKey, teamSchema).default({}),
    positions: z.record(policyKey, handle.nullable()).default({}),
    schedules: z.record(policyKey, scheduleSchema).default({}),
  })
  .strict();
export type DirectoryDocument = z.infer<typeof directoryDocumentSchema>;

export const importSchema = z
  .object({
    format: z.enum(['yaml', 'csv']),
    content: z
      .string()
      .min(1)
      .max(5 * 1024 * 1024),
  })
  .strict();

export const onCallQuerySchema = z
  .object({ schedule: z.string().min(1).max(64).optional(), at: z.iso.datetime({ offset: true }).optional() })
  .strict();
export const shiftsQuerySchema = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .strict();
export const coverSchema = z.object({ role: policyKey, reason: z.string().max(500).optional() }).strict();
