import { createHash } from 'node:crypto';

/**
 * A job id derived from a deterministic key ("esc:42:p0-declared:notify-senior-management:timeout:0").
 * pg-boss inserts jobs with ON CONFLICT DO NOTHING, so sending the same key twice (a retried transaction,
 * two workers reacting to one audit entry) creates one job. Formatted as a UUID (version 8: custom).
 */
export function jobIdForKey(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
