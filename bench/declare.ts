/**
 * Incidents declared per second: a real Cordon (PGlite in a temporary directory, or PostgreSQL from
 * --database-url / DATABASE_URL) on 127.0.0.1, a Security Delegate's API token, and autocannon driving
 * `POST /api/v1/incidents` with varied bodies from 50 connections for a fixed time. Afterwards the audit and
 * timeline chains are verified (`GET /api/v1/audit/verify`), so speed did not cost integrity.
 *
 *   node bench/declare.ts [--database-url postgres://…] [--no-pglite] [--seconds 15] [--connections 50]
 */
import type { AutocannonRequest } from 'autocannon';
import { bearer, type LoadResult, runLoad, waitForQuiet } from './lib/load.ts';
import { formatMachine, machineFacts } from './lib/machine.ts';
import type { DatabaseFacts } from './lib/protocol.ts';
import { formatDatabase, log, parseTargets, table } from './lib/report.ts';
import { startBenchServer, type Target } from './lib/target.ts';

export interface DeclareResult {
  target: string;
  database: DatabaseFacts;
  load: LoadResult;
  declaredInDatabase: number;
  verify: {
    ok: boolean;
    auditChecked: number;
    timelineIncidents: number;
    timelineEntries: number;
    seconds: number;
    firstBroken: string | null;
  };
}

// Values from policies/default.yaml; a realistic mix rather than one body repeated.
const SEVERITIES = ['P3', 'P3', 'P3', 'P2', 'P2', 'P1', 'P0'];
const TYPES = ['suspicious-email', 'probe', 'malicious-code', 'unauthorized-access', 'lost-or-stolen-device'];
const TYPES_MORE = ['denial-of-service', 'system-outage', 'data-breach', 'root-account-compromise', 'other'];
const CLASSIFICATIONS = [
  'Customer Information',
  'Internal Confidential Information',
  'No confidential information',
];
const LOCATIONS = ['Hosted platform (customer-facing infrastructure)', 'Cloud provider account'];
const LIKELIHOODS = ['Has occurred', 'Is occurring', 'Will occur', 'Not validated'];

/** The n-th declaration body: severities, types and fields vary; about 2% restricted, 0.5% internal actor. */
export function declarationBody(n: number): string {
  const types = [...TYPES, ...TYPES_MORE];
  const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
  return JSON.stringify({
    title: `Benchmark ${at(['phishing', 'port scan', 'malware', 'login anomaly'], n)} report ${n}`,
    summary: `Declared by the benchmark, request ${n}. Seen on host bench-${n % 97}.`,
    type: at(types, n * 7),
    severity: at(SEVERITIES, n * 3),
    classification: at(CLASSIFICATIONS, n),
    location: at(LOCATIONS, n * 5),
    likelihood: at(LIKELIHOODS, n * 11),
    ...(n % 50 === 7 ? { visibility: 'restricted' } : {}),
    ...(n % 200 === 13 ? { suspectedInternalActor: true } : {}),
  });
}

export async function runDeclare(
  target: Target,
  options: { seconds: number; connections: number },
): Promise<DeclareResult> {
  log(`[declare/${target.label}] starting Cordon …`);
  const server = await startBenchServer(target, {
    users: [{ username: 'bench-delegate', roles: ['security-delegate'] }],
    seedIncidents: 0,
    log,
  });
  try {
    const token = server.tokens['bench-delegate'] ?? '';
    let n = 0;
    const requests: AutocannonRequest[] = [
      {
        method: 'POST',
        path: '/api/v1/incidents',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: declarationBody(n++) }),
      },
    ];
    const watch = { serverPid: server.pid, postmasterPid: server.database.postmasterPid };
    log(`[declare/${target.label}] ${formatDatabase(server.database)}`);
    log(
      `[declare/${target.label}] warm-up 2 s, then ${options.seconds} s at ${options.connections} connections`,
    );
    await runLoad({ name: 'warm-up', baseUrl: server.baseUrl, connections: 10, seconds: 2, requests, watch });
    await waitForQuiet(10);
    const load = await runLoad({
      name: 'POST /incidents',
      baseUrl: server.baseUrl,
      connections: options.connections,
      seconds: options.seconds,
      requests,
      watch,
    });
    // Requests still in flight when autocannon stops (queued on the counter lock) finish first: verifying
    // while they commit would compare a chain with a head that moved on meanwhile.
    let last = '';
    for (let i = 0; i < 60; i++) {
      const [head] = await server.query(`select seq::text as seq from chain_heads where chain = 'audit'`);
      const now = String(head?.seq);
      if (now === last) break;
      last = now;
      await new Promise((r) => setTimeout(r, 500));
    }
    const [count] = await server.query('select count(*) as n from incidents');
    log(`[declare/${target.label}] verifying the audit and timeline chains …`);
    const verifyStarted = performance.now();
    const res = await fetch(`${server.baseUrl}/api/v1/audit/verify`, {
      headers: bearer(token),
      signal: AbortSignal.timeout(300_000),
    });
    const body = (await res.json()) as {
      ok: boolean;
      audit: { checked: number; firstBroken: unknown };
      timelines: { incidents: number; checked: number; firstBroken: unknown };
    };
    const broken = body.audit.firstBroken ?? body.timelines.firstBroken ?? null;
    return {
      target: target.label,
      database: server.database,
      load,
      declaredInDatabase: Number(count?.n),
      verify: {
        ok: res.status === 200 && body.ok === true,
        auditChecked: body.audit.checked,
        timelineIncidents: body.timelines.incidents,
        timelineEntries: body.timelines.checked,
        seconds: Math.round((performance.now() - verifyStarted) / 100) / 10,
        firstBroken: broken === null ? null : JSON.stringify(broken),
      },
    };
  } finally {
    await server.stop();
  }
}

export function declareTable(results: DeclareResult[]): string {
  return table([
    [
      'database',
      'declared/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'non-2xx',
      'errors',
      'chains verified',
    ],
    ...results.map((r) => [
      r.target,
      r.load.perSecond,
      r.load.p50,
      r.load.p95,
      r.load.p99,
      r.load.max,
      r.load.non2xx,
      r.load.errors + r.load.timeouts,
      r.verify.ok
        ? `ok (${r.verify.auditChecked} audit, ${r.verify.timelineEntries} timeline entries, ${r.verify.seconds} s)`
        : `BROKEN ${r.verify.firstBroken}`,
    ]),
  ]);
}

export function cpuLine(label: string, r: LoadResult): string {
  const c = r.cpu;
  return `${label}: cores busy — server ${c.server}${c.postgres === null ? ' (incl. PGlite)' : `, postgres ${c.postgres}`}, load generator ${c.loadGenerator}, other ${c.other}, idle ${c.idle}`;
}

if (import.meta.main) {
  const { targets, values } = parseTargets(process.argv.slice(2));
  const seconds = Number(values.seconds ?? 15);
  const connections = Number(values.connections ?? 50);
  console.log(formatMachine(machineFacts()));
  const results: DeclareResult[] = [];
  for (const target of targets) {
    const r = await runDeclare(target, { seconds, connections });
    results.push(r);
    console.log(`${r.target}: ${formatDatabase(r.database)}`);
    console.log(cpuLine(r.target, r.load));
    if (r.load.firstError) console.log(`${r.target}: first non-2xx answer: ${r.load.firstError}`);
    console.log(`${r.target}: ${r.declaredInDatabase} incidents in the database after the run`);
  }
  console.log(`\nPOST /api/v1/incidents, ${connections} connections, ${seconds} s\n${declareTable(results)}`);
}
