import { sql } from 'drizzle-orm';
import type { Tx } from './db/client.ts';

/** What changed, for live views. Clients refetch through the API, which applies every access rule. */
export type Change =
  | { kind: 'incident'; key: string; id: string; visibility: 'normal' | 'restricted' }
  | { kind: 'event'; ref: string; incidentId: string | null }
  | { kind: 'policy'; version: number };

export const CHANGES_CHANNEL = 'cordon_changes';

/**
 * Announces a change inside the use case's transaction. PostgreSQL (and PGlite) deliver a NOTIFY only
 * when the transaction commits, so listeners never hear of a change that was rolled back.
 */
export async function announceChange(tx: Tx, change: Change): Promise<void> {
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(change)})`);
}
