import { eq } from 'drizzle-orm';
import { incidentsTable } from '../../../src/incidents/index.ts';
import { withTransaction } from '../../../src/platform/db/transaction.ts';
import { appendTimeline } from '../../../src/timeline/append.ts';
import type { TestCordon } from '../../harness/cordon.ts';

/**
 * Appends `count` notes to an incident's timeline in one transaction, through the same hash-chained append
 * the API uses (5,000 API calls would take ~25 s on PGlite; this takes a few). Notes vary in length so the
 * virtualised list measures rows of different heights.
 */
export async function seedTimeline(
  t: TestCordon,
  key: string,
  count: number,
  actorId: string | null,
): Promise<void> {
  const db = t.cordon.deps.db;
  const [incident] = await db
    .select({ id: incidentsTable.id })
    .from(incidentsTable)
    .where(eq(incidentsTable.key, key));
  if (!incident) throw new Error(`no incident ${key}`);
  const start = t.cordon.deps.clock.now().getTime();
  await withTransaction(db, async (tx) => {
    for (let i = 1; i <= count; i++) {
      const text =
        i % 7 === 0
          ? `Update ${i}: containment check on host-${i % 40}. ${'Logs reviewed, nothing new. '.repeat(1 + (i % 5))}`
          : `Update ${i}: host-${i % 40} checked.`;
      await appendTimeline(tx, {
        incidentId: incident.id,
        kind: 'note',
        at: new Date(start + i * 1000),
        actorId,
        data: { text },
      });
    }
  });
}
