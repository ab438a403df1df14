import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';
import { counters } from './tables.ts';

/** Takes the next number of a named counter, inside the caller's transaction (gapless). */
export async function nextCounterValue(tx: Tx, name: string): Promise<number> {
  const [row] = await tx
    .insert(counters)
    .values({ name, value: 1 })
    .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } })
    .returning({ value: counters.value });
  if (!row) throw new Error(`counter ${name} returned no row`);
  return row.value;
}
