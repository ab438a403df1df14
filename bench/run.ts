/**
 * `npm run bench`: the declare and list benchmarks on PGlite and on every PostgreSQL given, in one bounded
 * run (about ten minutes for three databases), then a summary with the machine's facts and the goals.
 *
 *   npm run bench -- [--database-url postgres://…] [--postgres label=postgres://… …] [--no-pglite]
 *                    [--only declare|list] [--quick] [--json results.json]
 *
 * Goals (issue): on PostgreSQL, declare ≥ 1,000 incidents/s; list p99 ≤ 50 ms at 50 concurrent clients with
 * 100,000 incidents and 1,000,000 timeline entries. Figures are printed, never asserted.
 */
import { writeFileSync } from 'node:fs';
import { cpuLine, type DeclareResult, declareTable, runDeclare } from './declare.ts';
import { setQuietAllowance } from './lib/load.ts';
import { formatMachine, machineFacts } from './lib/machine.ts';
import { formatDatabase, log, parseTargets, table } from './lib/report.ts';
import { type ListResult, listTable, runList } from './list.ts';

const GOAL_DECLARE_PER_SECOND = 1000;
const GOAL_LIST_P99_MS = 50;

const { targets, values } = parseTargets(process.argv.slice(2));
const quick = values.quick === true;
const only = typeof values.only === 'string' ? values.only : null;
const connections = Number(values.connections ?? 50);
const declareSeconds = Number(values.seconds ?? (quick ? 5 : 15));
const listOptions = {
  seconds: quick ? 2 : 4,
  mixedSeconds: quick ? 4 : 10,
  connections,
  incidents: Number(values.incidents ?? (quick ? 10_000 : 100_000)),
  quietWait: quick ? 0 : 5,
};
// On a shared machine each measurement waits (up to a few seconds, 90 s in all) for other work to calm down.
setQuietAllowance(quick ? 0 : 90);
// Whole run bounded: a step that would start after the budget is skipped, and a stuck run is ended.
const budgetMs = (quick ? 4 : 11) * 60_000;
const startedAt = performance.now();
const remaining = () => budgetMs - (performance.now() - startedAt);

const machine = machineFacts();
console.log(`Cordon benchmarks · ${formatMachine(machine)}`);
console.log(
  `targets: ${targets.map((t) => t.label).join(', ')}${quick ? ' (quick mode: smaller and shorter)' : ''}`,
);
if (!targets.some((t) => t.kind === 'postgres')) {
  console.log('no PostgreSQL given (--database-url, DATABASE_URL or --postgres label=url): PGlite only');
}

const declares: DeclareResult[] = [];
const lists: ListResult[] = [];
const skipped: string[] = [];
const failures: string[] = [];

const hardStop = setTimeout(() => {
  console.log(`\nthe run exceeded its time budget by two minutes; printing what was measured and stopping.`);
  summary();
  process.exit(2);
}, budgetMs + 120_000);
hardStop.unref();

async function step(name: string, needMs: number, work: () => Promise<void>): Promise<void> {
  if (remaining() < needMs) {
    skipped.push(`${name} (time budget)`);
    return;
  }
  try {
    await work();
  } catch (error) {
    failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    log(`!! ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

if (only !== 'list') {
  for (const target of targets) {
    await step(`declare on ${target.label}`, (declareSeconds + 15) * 1000, async () => {
      declares.push(await runDeclare(target, { seconds: declareSeconds, connections }));
    });
  }
}
if (only !== 'declare') {
  for (const target of targets) {
    await step(`list on ${target.label}`, 100_000, async () => {
      lists.push(await runList(target, listOptions));
    });
  }
}
summary();
if (values.json) {
  writeFileSync(
    String(values.json),
    JSON.stringify({ machine, declares, lists, skipped, failures }, null, 2),
  );
  console.log(`\nresults written to ${values.json}`);
}
process.exit(failures.length > 0 ? 1 : 0);

function summary(): void {
  const line = '='.repeat(100);
  console.log(
    `\n${line}\nSUMMARY · ${formatMachine(machine)} · run took ${((performance.now() - startedAt) / 1000).toFixed(0)} s`,
  );
  const labels = new Set([...declares.map((d) => d.target), ...lists.map((l) => l.target)]);
  for (const label of labels) {
    const facts =
      declares.find((d) => d.target === label)?.database ?? lists.find((l) => l.target === label)?.database;
    if (facts) console.log(`${label}: ${formatDatabase(facts)}`);
  }
  if (declares.length > 0) {
    console.log(
      `\nDeclare: POST /api/v1/incidents as a Security Delegate, ${connections} connections, ${declareSeconds} s`,
    );
    console.log(declareTable(declares));
    for (const d of declares) {
      console.log(cpuLine(d.target, d.load));
      if (d.load.firstError) console.log(`${d.target}: first non-2xx answer: ${d.load.firstError}`);
    }
  }
  for (const l of lists) {
    console.log(
      `\nList on ${l.target}: ${l.seed.incidents} incidents (${l.seed.open} open, ${l.seed.restricted} restricted), ${l.seed.timelineEntries} timeline entries, seeded in ${l.seed.seconds.toFixed(0)} s; ${connections} connections, ${listOptions.seconds} s per query`,
    );
    console.log(listTable(l));
  }
  if (declares.length + lists.length > 0) {
    console.log(
      `\nGoals (PostgreSQL): declare ≥ ${GOAL_DECLARE_PER_SECOND}/s; list p99 ≤ ${GOAL_LIST_P99_MS} ms`,
    );
    const rows: (string | number)[][] = [
      ['database', 'declared/s', 'goal', 'worst list p99 ms', 'mixed p99 ms', 'goal'],
    ];
    for (const label of labels) {
      const d = declares.find((x) => x.target === label);
      const l = lists.find((x) => x.target === label);
      const worst = l ? Math.max(...l.queries.map((q) => q.p99)) : null;
      rows.push([
        label,
        d ? d.load.perSecond : '-',
        d ? (d.load.perSecond >= GOAL_DECLARE_PER_SECOND ? 'met' : 'MISSED') : '-',
        worst ?? '-',
        l ? l.mixed.p99 : '-',
        l && worst !== null
          ? worst <= GOAL_LIST_P99_MS
            ? 'met'
            : l.mixed.p99 <= GOAL_LIST_P99_MS
              ? 'mixed met, worst query MISSED'
              : 'MISSED'
          : '-',
      ]);
    }
    console.log(table(rows));
  }
  for (const s of skipped) console.log(`skipped: ${s}`);
  for (const f of failures) console.log(`FAILED: ${f}`);
}
