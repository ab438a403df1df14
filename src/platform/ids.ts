import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** A URL-safe secret with 256 bits of entropy, for API tokens, sessions and one-time sign-in secrets. */
export const newSecret = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

/** Secrets are stored only as SHA-256: they are high-entropy, so a slow hash buys nothing (unlike passwords). */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
