import { z } from 'zod';

const username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'may contain letters, digits and . _ @ -');
/** NIST 800-63B: length over composition rules; 12 characters minimum, generous maximum. */
const password = z.string().min(12, 'must be at least 12 characters').max(256);
const roleKey = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

export const signInSchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) })
  .strict();
export const setupSchema = z
  .object({
    secret: z.string().min(1).max(200),
    username,
    name: z.string().trim().min(1).max(200).optional(),
    password,
  })
  .strict();
export const createUserSchema = z
  .object({
    username,
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320).optional(),
    password: password.optional(),
    roles: z.array(roleKey).max(50).default([]),
  })
  .strict();
export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).nullable().optional(),
    password: password.optional(),
    roles: z.array(roleKey).max(50).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export const createTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    userId: z.uuid().optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export type SignInInput = z.infer<typeof signInSchema>;
export type SetupInput = z.infer<typeof setupSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
