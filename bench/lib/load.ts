import { readdirSync, readFileSync } from 'node:fs';
import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';

export interface LoadSpec {
  name: string;
  baseUrl: string;
  connections: number;
  seconds: number;
  requests: AutocannonRequest[];
  /** Processes whose CPU time is accounted during the run. */
  watch: { serverPid: number; postmasterPid: number | null };
}

/** Cores in use during a run (1.0 = one core busy all the time). */
export interface CpuSplit {
  server: number;
  postgres: number | null;
  loadGenerator: number;
  /** Everything else on the machine (other people's work included). */
  other: number;
  idle: number;
}

export interface LoadResult {
  name: string;
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  firstError: string | null;
  cpu: CpuSplit;
}

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** utime + stime of a process, in clock ticks (0 when it is gone). */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Ticks of the postmaster and every process it started (backends, walwriter, checkpointer …). */
function postgresTicks(postmasterPid: number): number {
  let total = processTicks(postmasterPid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === postmasterPid) total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended between readdir and read
    }
  }
  return total;
}

/** Machine-wide busy and idle ticks from /proc/stat. */
function machineTicks(): { busy: number; idle: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const all = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: all - idle, idle };
}

function cpuSnapshot(watch: LoadSpec['watch']) {
  return {
    at: performance.now(),
    server: processTicks(watch.serverPid),
    postgres: watch.postmasterPid ? postgresTicks(watch.postmasterPid) : 0,
    self: process.cpuUsage(),
    machine: machineTicks(),
  };
}

function cpuSplit(
  before: ReturnType<typeof cpuSnapshot>,
  after: ReturnType<typeof cpuSnapshot>,
  hasPostgres: boolean,
): CpuSplit {
  const seconds = (after.at - before.at) / 1000;
  const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
  const self = process.cpuUsage(before.self);
  const loadGenerator = (self.user + self.system) / 1e6 / seconds;
  const server = cores(after.server - before.server);
  const postgres = hasPostgres ? cores(after.postgres - before.postgres) : null;
  const busy = cores(after.machine.busy - before.machine.busy);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    server: round(server),
    postgres: postgres === null ? null : round(postgres),
    loadGenerator: round(loadGenerator),
    other: round(Math.max(0, busy - server - (postgres ?? 0) - loadGenerator)),
    idle: round(cores(after.machine.idle - before.machine.idle)),
  };
}

/**
 * Other people's work on a shared machine distorts figures. Waits (up to `maxSeconds`) until the machine has
 * been nearly idle for a second; returns the cores that were busy at the last look.
 */
export async function waitForQuiet(maxSeconds: number, busyLimit = 0.25): Promise<number> {
  const wait = Math.min(maxSeconds, quietAllowance);
  if (wait <= 0) return Number.NaN;
  const started = performance.now();
  const deadline = started + wait * 1000;
  try {
    return await waitUntil(deadline, busyLimit);
  } finally {
    quietAllowance = Math.max(0, quietAllowance - (performance.now() - started) / 1000);
  }
}

/** Seconds of waiting for quiet left in this run, so waiting cannot stretch a run without bound. */
let quietAllowance = 90;
export const setQuietAllowance = (seconds: number) => {
  quietAllowance = seconds;
};

async function waitUntil(deadline: number, busyLimit: number): Promise<number> {
  for (;;) {
    const before = machineTicks();
    await new Promise((r) => setTimeout(r, 1000));
    const after = machineTicks();
    const busy = (after.busy - before.busy) / TICKS_PER_SECOND;
    if (busy <= busyLimit || performance.now() >= deadline) return Math.round(busy * 100) / 100;
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * Drives one autocannon run and measures every response's latency itself (autocannon's own summary has no
 * p95), plus where the machine's CPU went meanwhile.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let firstError: string | null = null;
  const requests = spec.requests.map((r) => ({
    ...r,
    onResponse: (status: number, body: string) => {
      if (firstError === null && (status < 200 || status >= 300))
        firstError = `${status} ${body.slice(0, 300)}`;
    },
  }));
  const before = cpuSnapshot(spec.watch);
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      { url: spec.baseUrl, connections: spec.connections, duration: spec.seconds, timeout: 30, requests },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
  });
  const after = cpuSnapshot(spec.watch);
  const sorted = Float64Array.from(latencies).sort();
  const seconds = (after.at - before.at) / 1000;
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    name: spec.name,
    requests: sorted.length,
    seconds: round(seconds),
    perSecond: round(sorted.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    firstError,
    cpu: cpuSplit(before, after, spec.watch.postmasterPid !== null),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
