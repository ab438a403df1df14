/**
 * Escalation benchmarks (docs/performance.md, "Escalation"):
 *
 *   1. From a P0 declaration (the API answered 201) to the first page handed to the SMTP server and to the
 *      first chat webhook request, over N declarations, with the real server: workers on, the default
 *      policy, a directory with senior management filled in, a real SMTP receiver and webhook receiver on
 *      127.0.0.1. Reports p50/p95/p99/max.
 *   2. T pending timers (pg-boss jobs with startAfter, the way escalation schedules acknowledgement
 *      timeouts), spread over a window; each one's lateness = when its handler ran − its due time.
 *
 *   node bench/escalation.ts [--declarations 1000] [--rate 10] [--timers 10000] [--window 60]
 *   DATABASE_URL=postgres://… node bench/escalation.ts …   (PostgreSQL instead of embedded PGlite)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/app/config.ts';
import { startCordon } from '../src/app/start.ts';
import { type Database, openDatabase } from '../src/platform/db/client.ts';
import { migrateDatabase } from '../src/platform/db/migrate.ts';
import { withTransaction } from '../src/platform/db/transaction.ts';
import { Jobs } from '../src/platform/jobs/jobs.ts';
import { HttpReceiver } from '../test/fakes/http-receiver.ts';
import { SmtpReceiver } from '../test/fakes/smtp-receiver.ts';
import { DIRECTORY_YAML } from '../test/fakes/world.ts';
import { formatMachine, machineFacts } from './lib/machine.ts';

const { values: args } = parseArgs({
  options: {
    declarations: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '10' },
    timers: { type: 'string', default: '10000' },
    window: { type: 'string', default: '60' },
    only: { type: 'string' },
  },
});
const log = (m: string) => process.stderr.write(`${m}\n`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const summary = (xs: number[]) =>
  `n=${xs.length} p50=${pct(xs, 50).toFixed(0)} ms  p95=${pct(xs, 95).toFixed(0)} ms  p99=${pct(xs, 99).toFixed(0)} ms  max=${Math.max(...xs).toFixed(0)} ms`;

async function freshDatabase(
  dir: string,
): Promise<{ env: Record<string, string>; open: () => Promise<Database> }> {
  const url = process.env.DATABASE_URL;
  if (url) return { env: { DATABASE_URL: url }, open: () => openDatabase({ kind: 'postgres', url }) };
  const dataDir = join(dir, 'data');
  return { env: { CORDON_DATA: dataDir }, open: () => openDatabase({ kind: 'pglite', dataDir }) };
}

async function declarationToFirstPage(n: number, rate: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-esc-'));
  const smtp = await SmtpReceiver.start();
  const firstMail = new Map<string, number>();
  const firstHook = new Map<string, number>();
  const webhook = new HttpReceiver().route('/services/', (r) => {
    const key = /INC-\d{4}-\d{4,}/.exec(r.body)?.[0];
    if (key && !firstHook.has(key)) firstHook.set(key, r.receivedAt);
    return { status: 200, body: 'ok', contentType: 'text/plain' };
  });
  await webhook.start();
  const adminToken = `bench-${randomBytes(24).toString('hex')}`;
  const db = await freshDatabase(dir);
  const config = loadConfig({
    ...db.env,
    LOG_LEVEL: 'silent',
    PORT: '0',
    CORDON_ADMIN_TOKEN: adminToken,
    CORDON_SECRET_KEY: randomBytes(32).toString('base64'),
    CORDON_SMTP_HOST: '127.0.0.1',
    CORDON_SMTP_PORT: String(smtp.port),
    CORDON_SMTP_FROM: 'cordon@example.com',
    CORDON_SLACK_WEBHOOK_URL: `${webhook.url}/services/T0/B0/x`,
  });
  const cordon = await startCordon(config, { logger: false });
  const url = await cordon.app.listen({ port: 0, host: '127.0.0.1' });
  await cordon.engine.startWorkers(cordon.database);
  const call = async (method: string, path: string, body?: unknown, token = adminToken) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  for (const [username, roles] of [
    ['carl', ['executive-management']],
    ['cathy', ['executive-management']],
    ['cleo', ['user']],
    ['delia', ['security-delegate']],
    ['emma', ['user']],
    ['sam', ['user']],
    ['dana', ['devops']],
    ['enzo', ['engineer']],
    ['erin', ['engineer']],
  ] as const) {
    await call('POST', '/users', { username, name: username, roles });
  }
  await call('POST', '/directory/import', { format: 'yaml', content: DIRECTORY_YAML });
  // The mail receiver records the incident key of each message as it arrives.
  const seenMail = () => {
    for (const m of smtp.messages.splice(0)) {
      const key = /INC-\d{4}-\d{4,}/.exec(m.subject)?.[0];
      if (key && !firstMail.has(key)) firstMail.set(key, m.receivedAt);
    }
  };
  const declaredAt = new Map<string, number>();
  log(`declaring ${n} P0 incidents at ${rate}/s …`);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Measured from the moment the declaration is sent: its own commit is part of the latency.
    const sentAt = Date.now();
    inflight.push(
      call('POST', '/incidents', {
        title: `Bench ransomware ${i}`,
        type: 'malicious-code',
        severity: 'P0',
      }).then((res) => {
        if (res.status !== 201) throw new Error(`declare: ${res.status} ${JSON.stringify(res.json)}`);
        declaredAt.set(String(res.json.key), sentAt);
      }),
    );
    seenMail();
  }
  await Promise.all(inflight);
  const until = Date.now() + 120_000;
  while ((firstMail.size < n || firstHook.size < n) && Date.now() < until) {
    seenMail();
    await new Promise((r) => setTimeout(r, 100));
  }
  seenMail();
  const mailLatency = [...declaredAt].flatMap(([k, t]) =>
    firstMail.has(k) ? [(firstMail.get(k) ?? 0) - t] : [],
  );
  const hookLatency = [...declaredAt].flatMap(([k, t]) =>
    firstHook.has(k) ? [(firstHook.get(k) ?? 0) - t] : [],
  );
  const backlog = await cordon.engine.dispatcher.runOnce();
  // Where the time goes: from the declaration to the dispatcher's transaction (pages and deliveries
  // written), and from there to the first delivery handed over.
  const rows = (await cordon.database.db.execute(sql`
    select i.key, min(d.created_at) as paged, min(d.last_attempt_at) as first_attempt
    from deliveries d join incidents i on i.id = d.incident_id
    where d.purpose = 'page' and d.channel in ('email', 'chat') group by i.key`)) as unknown as
    | { rows: { key: string; paged: string; first_attempt: string }[] }
    | { key: string; paged: string; first_attempt: string }[];
  const list = Array.isArray(rows) ? rows : rows.rows;
  const dispatchLag = list.flatMap((r) =>
    declaredAt.has(r.key) ? [Date.parse(r.paged) - (declaredAt.get(r.key) ?? 0)] : [],
  );
  const queueLag = list.map((r) => Date.parse(r.first_attempt) - Date.parse(r.paged));
  log(
    `P0 declaration → first e-mail handed to SMTP: ${summary(mailLatency)} (missing ${n - mailLatency.length})`,
  );
  log(
    `P0 declaration → first chat webhook request:  ${summary(hookLatency)} (missing ${n - hookLatency.length})`,
  );
  log(`  of which declaration → pages written (dispatcher): ${summary(dispatchLag)}`);
  log(`  and pages written → first delivery claimed:        ${summary(queueLag)}`);
  log(
    `(${n} declarations in ${((performance.now() - started) / 1000).toFixed(1)} s; dispatcher backlog at the end: ${backlog})`,
  );
  await cordon.close();
  await smtp.close();
  await webhook.close();
  rmSync(dir, { recursive: true, force: true });
}

async function pendingTimers(count: number, windowS: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-timers-'));
  const database = await (await freshDatabase(dir)).open();
  await migrateDatabase(database);
  const jobs = await Jobs.open(database, { onError: (e) => log(`jobs: ${String(e)}`) });
  const lateness: number[] = [];
  const fired = new Set<string>();
  jobs.onTimer('bench.timer', async (t) => {
    fired.add(t.key);
    lateness.push(Date.now() - Date.parse(t.dueAt));
  });
  const runId = randomBytes(4).toString('hex');
  // Scheduled first, due after a lead time: all of them are pending at once before the first comes due.
  const lead = 15_000 + count;
  const start = Date.now() + lead;
  log(`scheduling ${count} timers due over ${windowS} s, from ${lead / 1000} s from now …`);
  for (let i = 0; i < count; i += 500) {
    await withTransaction(database.db, async (tx) => {
      for (let j = i; j < Math.min(count, i + 500); j++) {
        const dueAt = new Date(start + Math.floor((j * windowS * 1000) / count));
        await jobs.schedule(tx, { key: `bench:${runId}:${j}`, kind: 'bench.timer', dueAt, payload: {} });
      }
    });
  }
  const pending = await jobs.pending('cordon-timer');
  log(`pending timers: ${pending}; starting workers`);
  await jobs.startWorkers();
  const until = start + windowS * 1000 + 60_000;
  while (fired.size < count && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  const late = lateness.filter((l) => l > 1000).length;
  log(`timers fired: ${fired.size}/${count}; lateness ${summary(lateness)}; later than 1 s: ${late}`);
  await jobs.stop();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

log(formatMachine(machineFacts()));
log(`database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}`);
if (args.only !== 'timers') await declarationToFirstPage(Number(args.declarations), Number(args.rate));
if (args.only !== 'declarations') await pendingTimers(Number(args.timers), Number(args.window));
