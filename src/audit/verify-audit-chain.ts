import { asc, gt } from 'drizzle-orm';
import { chainHash, GENESIS_HASH } from '../platform/chain.ts';
import type { Tx } from '../platform/db/client.ts';
import { auditContent } from './append.ts';
import { auditLog } from './tables.ts';

export interface ChainBreak {
  seq: number;
  reason: string;
}

/** Recomputes the audit chain from the first entry and names the first entry that does not match. */
export async function verifyAuditChain(tx: Tx): Promise<{ checked: number; firstBroken: ChainBreak | null }> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await tx
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(5000);
    if (rows.length === 0) return { checked, firstBroken: null };
    for (const row of rows) {
      if (row.seq !== expectedSeq)
        return { checked, firstBroken: { seq: expectedSeq, reason: 'entry is missing' } };
      if (row.prevHash !== prevHash)
        return { checked, firstBroken: { seq: row.seq, reason: 'previous-hash link does not match' } };
      const hash = chainHash(prevHash, auditContent(row));
      if (hash !== row.hash)
        return { checked, firstBroken: { seq: row.seq, reason: 'content does not match its hash' } };
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
}
