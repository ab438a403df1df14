import { desc, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.ts';
import { syslogUnparsed } from './tables.ts';

export type UnparsedLine = typeof syslogUnparsed.$inferInsert;

export async function insertUnparsed(tx: Tx, rows: UnparsedLine[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(syslogUnparsed).values(rows);
}

export async function listUnparsed(tx: Tx, limit: number) {
  const [total] = await tx.select({ n: sql<number>`count(*)::int` }).from(syslogUnparsed);
  const items = await tx.select().from(syslogUnparsed).orderBy(desc(syslogUnparsed.id)).limit(limit);
  return { total: total?.n ?? 0, items };
}
