/**
 * The Cordon process for bench/ingest.ts (forked, so the load generator has its own event loop). Starts
 * Cordon on the database it is told, listens on 127.0.0.1, and on request measures the raw batched-insert
 * rate of alert event rows on the same database, and counts what was stored.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { insertAlertEvents, type NewAlertEvent } from '../src/alerts/ingest-store.ts';
import { loadConfig } from '../src/app/config.ts';
import { startCordon } from '../src/app/start.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { newTimeOrderedId } from '../src/platform/ids.ts';

type Command = { cmd: 'raw'; rows: number; batch: number } | { cmd: 'count' } | { cmd: 'stop' };

const url = process.env.BENCH_DATABASE_URL ?? null;
const adminToken = `bench-admin-${randomBytes(24).toString('hex')}`;
const dataDir = url ? null : mkdtempSync(join(tmpdir(), 'cordon-bench-ingest-'));
const database = await openDatabase(
  url ? { kind: 'postgres', url, poolSize: 10 } : { kind: 'pglite', dataDir },
);
const cordon = await startCordon(loadConfig({ CORDON_ADMIN_TOKEN: adminToken, LOG_LEVEL: 'silent' }), {
  database,
  logger: false,
});
const address = await cordon.app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({
  ready: true,
  url: address,
  adminToken,
  port: (cordon.app.server.address() as AddressInfo).port,
});

/**
 * The raw rate: the same event rows the ingest writes, with the same insert statement (`insertAlertEvents`:
 * columns as arrays through `unnest`), `batch` rows a transaction, and nothing else (no HTTP, dedup, audit,
 * routing or NOTIFY).
 */
async function raw(rows: number, batch: number): Promise<{ rows: number; seconds: number }> {
  const at = new Date().toISOString();
  const source = randomUUID();
  const make = (i: number): NewAlertEvent => ({
    id: newTimeOrderedId(),
    ref: `RAW-${i}-${randomBytes(4).toString('hex')}`,
    status: 'awaiting_triage',
    source: 'alert:bench',
    title: `Failed SSH logins from 198.51.${i % 250}.${i % 200} on host-${i % 500}`,
    description: '',
    observed_at: null,
    reporter: { name: 'bench', email: null, phone: null, userId: null },
    routed_to_team: null,
    fingerprint: randomBytes(32).toString('hex'),
    count: 1,
    at,
    resolved_at: null,
    disposition_action: null,
    disposition_reason: null,
    disposition_note: null,
    disposition_rule: null,
    incident_id: null,
    alert_source_id: source,
    alert: JSON.stringify({
      severity: 'medium',
      labels: { category: 'failed-login', tool: 'bench', env: 'production' },
      entities: { hosts: [`host-${i % 500}`], ips: [`198.51.${i % 250}.${i % 200}`] },
      externalId: null,
      format: 'generic',
    }),
    entity_keys: [`host:host-${i % 500}`, `ip:198.51.${i % 250}.${i % 200}`],
    suggested_type: 'probe',
    suggested_severity: 'P3',
    routing_rule: 'failed-logins',
  });
  const all = Array.from({ length: rows }, (_, i) => make(i));
  const started = performance.now();
  for (let i = 0; i < all.length; i += batch) {
    const chunk = all.slice(i, i + batch);
    await database.db.transaction((tx) => insertAlertEvents(tx, chunk));
  }
  const seconds = (performance.now() - started) / 1000;
  await database.db.execute(sql`delete from events where ref like 'RAW-%'`);
  return { rows, seconds };
}

process.on('message', async (message: Command) => {
  if (message.cmd === 'raw') {
    process.send?.({ raw: await raw(message.rows, message.batch) });
  } else if (message.cmd === 'count') {
    const result = (await database.db.execute(
      sql`select count(*)::int as events, coalesce(sum(count), 0)::int as alerts from events where source like 'alert:%'`,
    )) as unknown as { rows: { events: number; alerts: number }[] };
    process.send?.({ count: result.rows[0] });
  } else {
    await cordon.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
