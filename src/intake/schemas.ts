import { z } from 'zod';

const line = z.string().trim().min(1).max(500);

/** A report from a person: the policy asks reporters to "act as good witnesses" with specific details. */
export const submitReportSchema = z
  .object({
    title: z.string().trim().min(3).max(300),
    description: z.string().trim().min(1).max(50_000),
    observedAt: z.iso.datetime({ offset: true }).optional(),
    where: line.optional(),
    systems: z.array(line).max(100).optional(),
    accounts: z.array(line).max(100).optional(),
    othersAware: z.string().trim().max(2000).optional(),
    howDetected: z.string().trim().max(2000).optional(),
    channel: z.enum(['web', 'cli', 'api', 'phone']).default('api'),
    reporter: z
      .object({
        name: z.string().trim().min(1).max(200),
        email: z.email().max(320).optional(),
        phone: z.string().trim().min(3).max(50).optional(),
      })
      .strict()
      .optional(),
    onBehalfOfCustomer: z.boolean().default(false),
    suspectedBreach: z.boolean().default(false),
  })
  .strict();

export type SubmitReportInput = z.infer<typeof submitReportSchema>;
