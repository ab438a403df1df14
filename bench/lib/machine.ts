import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os';

export interface MachineFacts {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  loadAverage: string;
  /** The code measured: commit, and how many files under src/ and migrations/ differ from it. */
  code: string;
}

function codeVersion(): string {
  const git = (args: string[]) => spawnSync('git', args, { encoding: 'utf8', cwd: import.meta.dirname });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.status !== 0) return process.env.CORDON_BENCH_CODE ?? 'unknown (not a git checkout)';
  const dirty = git(['status', '--porcelain', '--', '../../src', '../../migrations'])
    .stdout.split('\n')
    .filter(Boolean);
  return `${head.stdout.trim()}${dirty.length > 0 ? ` + ${dirty.length} uncommitted files in src/ and migrations/` : ''}`;
}

/** The facts printed next to every figure: a number without its machine means little. */
export function machineFacts(): MachineFacts {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1]?.trim() ?? model;
  } catch {
    // not Linux: os.cpus() is good enough
  }
  const gib = (bytes: number) => Math.round((bytes / 1024 ** 3) * 10) / 10;
  return {
    date: new Date().toISOString(),
    cores: availableParallelism(),
    cpuModel: model,
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    node: process.version,
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    code: codeVersion(),
  };
}

export function formatMachine(m: MachineFacts): string {
  return `${m.date} · ${m.cores} cores (${m.cpuModel}) · ${m.memoryGiB} GiB RAM (${m.freeMemoryGiB} free) · Node ${m.node} · load average ${m.loadAverage} · code ${m.code}`;
}
