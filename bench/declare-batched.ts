/**
 * What the proposed change to declaring would give, measured before anyone writes it: the exact rows
 * `declareIncident` writes (counter, incident, first timeline entry and its chain head, audit entry and the
 * audit head, the NOTIFY), written straight with `pg` by 50 concurrent callers on a pool of 20 — once as
 * today (one transaction per incident) and once group-committed (everything waiting goes in the next
 * transaction; each caller is answered after its commit). No HTTP, no Drizzle: the database-side ceiling.
 * The chains are then verified through Cordon's own `GET /api/v1/audit/verify`.
 *
 *   node bench/declare-batched.ts --postgres durable=postgres://… [--seconds 10]
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { auditContent } from '../src/audit/append.ts';
import { chainHash, GENESIS_HASH } from '../src/platform/chain.ts';
import { timelineContent } from '../src/timeline/append.ts';
import { bearer } from './lib/load.ts';
import { formatMachine, machineFacts } from './lib/machine.ts';
import { formatDatabase, log, parseTargets, table } from './lib/report.ts';
import { startBenchServer } from './lib/target.ts';

interface Declaration {
  id: string;
  title: string;
  type: string;
  severity: string;
  at: Date;
}

const SEVERITIES = ['P3', 'P3', 'P2', 'P1', 'P0'];
const TYPES = ['suspicious-email', 'probe', 'malicious-code', 'unauthorized-access', 'other'];
const DUE_DAYS: Record<string, number> = { P0: 1, P1: 3, P2: 14, P3: 30 };

function declaration(n: number): Declaration {
  return {
    id: randomUUID(),
    title: `Batched benchmark incident ${n}`,
    type: TYPES[n % TYPES.length] ?? 'other',
    severity: SEVERITIES[n % SEVERITIES.length] ?? 'P3',
    at: new Date(),
  };
}

interface Context {
  actorId: string;
  policyVersion: number;
}

/** Writes `items` in one transaction, the rows declareIncident writes for each. */
async function writeDeclarations(client: pg.PoolClient, ctx: Context, items: Declaration[]): Promise<void> {
  const n = items.length;
  const year = new Date().getUTCFullYear();
  await client.query('begin');
  try {
    // One counter step for the whole batch: keys stay gapless and in commit order.
    const counter = await client.query<{ value: string }>(
      `insert into counters (name, value) values ($1, $2)
       on conflict (name) do update set value = counters.value + $2 returning value`,
      [`incident:${year}`, n],
    );
    const last = Number(counter.rows[0]?.value);
    const keys = items.map((_, i) => `INC-${year}-${String(last - n + 1 + i).padStart(4, '0')}`);
    const inc: unknown[] = [];
    const incValues = items.map((d, i) => {
      const due = new Date(d.at.getTime() + (DUE_DAYS[d.severity] ?? 30) * 86_400_000);
      inc.push(d.id, keys[i], d.title, d.type, d.severity, ctx.policyVersion, due.toISOString());
      inc.push(JSON.stringify({ analysis: d.at.toISOString() }), d.at.toISOString(), ctx.actorId);
      const b = i * 10;
      return `($${b + 1}, $${b + 2}, $${b + 3}, '', $${b + 4}, $${b + 5}, 'analysis', true, 'devops', 'normal', $${b + 6}, $${b + 7}, $${b + 8}::jsonb, $${b + 9}, $${b + 10}, $${b + 9})`;
    });
    await client.query(
      `insert into incidents (id, key, title, summary, type, severity, phase, is_open, owner_team, visibility,
         policy_version, remediation_due_at, phase_times, declared_at, declared_by, updated_at)
       values ${incValues.join(', ')}`,
      inc,
    );
    // First timeline entries and their chain heads, one statement.
    const tl: unknown[] = [];
    const heads: string[] = [];
    const entries: string[] = [];
    items.forEach((d, i) => {
      const data = {
        key: keys[i],
        title: d.title,
        type: d.type,
        severity: d.severity,
        requestedSeverity: d.severity,
        phase: 'analysis',
        visibility: 'normal',
        policyVersion: ctx.policyVersion,
        remediationDueAt: new Date(d.at.getTime() + (DUE_DAYS[d.severity] ?? 30) * 86_400_000).toISOString(),
        specialCases: [],
        fromEvent: null,
      };
      const entry = {
        incidentId: d.id,
        seq: 1,
        kind: 'incident.declared',
        at: d.at,
        actorId: ctx.actorId,
        data,
      };
      const hash = chainHash(GENESIS_HASH, timelineContent(entry));
      const b = i * 6;
      tl.push(`incident:${d.id}`, hash, randomUUID(), d.id, d.at.toISOString(), JSON.stringify(data));
      heads.push(`($${b + 1}, 1, $${b + 2})`);
      entries.push(
        `($${b + 3}, $${b + 4}, 1, 'incident.declared', $${b + 5}, '${ctx.actorId}', $${b + 6}::jsonb, '${GENESIS_HASH}', $${b + 2})`,
      );
    });
    await client.query(
      `with h as (insert into chain_heads (chain, seq, hash) values ${heads.join(', ')})
       insert into timeline_entries (id, incident_id, seq, kind, at, actor_id, data, prev_hash, hash)
       values ${entries.join(', ')}`,
      tl,
    );
    // The audit head, taken last (held only until the commit), then every audit entry chained in order.
    const head = await client.query<{ seq: string; hash: string }>(
      `select seq, hash from chain_heads where chain = 'audit' for update`,
    );
    let seq = Number(head.rows[0]?.seq);
    let prev = String(head.rows[0]?.hash);
    const au: unknown[] = [];
    const auValues = items.map((d, i) => {
      seq += 1;
      const row = {
        seq,
        at: d.at,
        actorId: ctx.actorId,
        action: 'incident.declared',
        targetType: 'incident',
        targetId: keys[i] ?? null,
        incidentId: d.id,
        requestId: randomUUID(),
        data: { severity: d.severity, type: d.type, visibility: 'normal', fromEvent: null },
      };
      const hash = chainHash(prev, auditContent(row));
      const b = i * 8;
      au.push(
        seq,
        d.at.toISOString(),
        row.targetId,
        d.id,
        row.requestId,
        JSON.stringify(row.data),
        prev,
        hash,
      );
      prev = hash;
      return `($${b + 1}, $${b + 2}, '${ctx.actorId}', 'incident.declared', 'incident', $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb, $${b + 7}, $${b + 8})`;
    });
    await client.query(
      `with ins as (insert into audit_log (seq, at, actor_id, action, target_type, target_id, incident_id,
                      request_id, data, prev_hash, hash) values ${auValues.join(', ')})
       update chain_heads set seq = $${au.length + 1}, hash = $${au.length + 2} where chain = 'audit'`,
      [...au, seq, prev],
    );
    await client.query(`select pg_notify('cordon_changes', $1)`, [
      JSON.stringify({ kind: 'incident', batch: n }),
    ]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

interface Outcome {
  mode: string;
  declared: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  transactions: number;
}

async function drive(
  mode: string,
  seconds: number,
  callers: number,
  submit: (d: Declaration) => Promise<void>,
  transactions: () => number,
): Promise<Outcome> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await submit(declaration(n++));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round((latencies[Math.ceil((p / 100) * latencies.length) - 1] ?? 0) * 10) / 10;
  return {
    mode,
    declared: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    transactions: transactions(),
  };
}

/** Everything submitted while a transaction commits goes into the next one (one batch in flight). */
function groupCommitter(pool: pg.Pool, ctx: Context, maxBatch: number) {
  let queue: { d: Declaration; done: (e?: unknown) => void }[] = [];
  let running = false;
  let transactions = 0;
  const drain = async () => {
    running = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      const client = await pool.connect();
      try {
        await writeDeclarations(
          client,
          ctx,
          batch.map((b) => b.d),
        );
        transactions += 1;
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error);
      } finally {
        client.release();
      }
    }
    running = false;
  };
  return {
    submit: (d: Declaration) =>
      new Promise<void>((resolve, reject) => {
        queue.push({ d, done: (e) => (e ? reject(e) : resolve()) });
        if (!running) void drain();
      }),
    transactions: () => transactions,
  };
}

async function main(): Promise<void> {
  const { targets, values } = parseTargets(['--no-pglite', ...process.argv.slice(2)]);
  const seconds = Number(values.seconds ?? 10);
  console.log(formatMachine(machineFacts()));
  const rows: Outcome[] = [];
  for (const target of targets) {
    if (target.kind !== 'postgres') continue;
    const server = await startBenchServer(target, {
      users: [{ username: 'bench-delegate', roles: ['security-delegate'] }],
      seedIncidents: 0,
      log,
    });
    try {
      console.log(`${target.label}: ${formatDatabase(server.database)}`);
      const pool = new pg.Pool({ connectionString: server.databaseUrl ?? '', max: 20 });
      const [policy] = await server.query('select version from policy_versions where active');
      const ctx: Context = {
        actorId: server.userIds['bench-delegate'] ?? '',
        policyVersion: Number(policy?.version),
      };
      let single = 0;
      const one = await drive(
        `${target.label}: one transaction per incident (today's shape)`,
        seconds,
        50,
        async (d) => {
          const client = await pool.connect();
          try {
            await writeDeclarations(client, ctx, [d]);
            single += 1;
          } finally {
            client.release();
          }
        },
        () => single,
      );
      rows.push(one);
      const gc = groupCommitter(pool, ctx, 200);
      rows.push(
        await drive(
          `${target.label}: group commit (≤ 200 per transaction)`,
          seconds,
          50,
          gc.submit,
          gc.transactions,
        ),
      );
      await pool.end();
      const res = await fetch(`${server.baseUrl}/api/v1/audit/verify`, {
        headers: bearer(server.tokens['bench-delegate'] ?? ''),
      });
      const body = (await res.json()) as {
        ok: boolean;
        audit: { checked: number };
        timelines: { checked: number };
      };
      console.log(
        `${target.label}: chains verified by Cordon: ok=${body.ok} (${body.audit.checked} audit entries, ${body.timelines.checked} timeline entries)`,
      );
    } finally {
      await server.stop();
    }
  }
  console.log(
    table([
      ['mode', 'declared', 'per second', 'p50 ms', 'p95 ms', 'p99 ms', 'transactions'],
      ...rows.map((r) => [r.mode, r.declared, r.perSecond, r.p50, r.p95, r.p99, r.transactions]),
    ]),
  );
}

await main();
