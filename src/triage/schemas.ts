import { z } from 'zod';

const note = z.string().trim().max(5000).optional();
/** Disposition reasons are policy keys (intake.dispositions); `false_positive` is accepted as `false-positive`. */
const reason = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((s) => s.toLowerCase().replaceAll('_', '-'));

export const dispositionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('dismiss'), reason, note }).strict(),
  z.object({ action: z.literal('merge'), incidentKey: z.string().min(1).max(64), note }).strict(),
  z
    .object({
      action: z.literal('promote'),
      type: z.string().min(1).max(64),
      severity: z.string().min(1).max(64),
      title: z.string().trim().min(3).max(300).optional(),
      note,
      visibility: z.enum(['normal', 'restricted']).optional(),
      suspectedInternalActor: z.boolean().default(false),
    })
    .strict(),
]);

export const listEventsQuerySchema = z
  .object({
    status: z.enum(['awaiting_triage', 'dismissed', 'merged', 'promoted']).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    cursor: z
      .string()
      .regex(/^EVT-\d{4}-\d{6,}$/, 'is not a cursor from this API')
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export type DispositionInput = z.infer<typeof dispositionSchema>;
export type ListEventsQuery = z.infer<typeof listEventsQuerySchema>;
