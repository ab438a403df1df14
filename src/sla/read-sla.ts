import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { NoSla, Sla } from '../app/api-types-operations.ts';
import type { AppDeps } from '../app/deps.ts';
import { canSeeIncident, findIncidentById, loadIncident } from '../incidents/index.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { getActivePolicy, getPolicyVersion } from '../policy/versions.ts';
import { readSla, type SlaState } from './clock.ts';
import { findClock, listClocks, type SlaRow } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

function view(key: string, row: SlaRow, warnAt: readonly number[], now: Date): Sla {
  const reading = readSla(
    { startedAt: row.startedAt, dueAt: row.dueAt, closedAt: row.closedAt, warnAt },
    now,
  );
  return {
    incidentKey: key,
    severity: row.severity,
    state: reading.state,
    startedAt: row.startedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    percentUsed: reading.percentUsed,
    remainingMs: reading.remainingMs,
    thresholds: reading.thresholds.map((t) => ({
      percent: t.percent,
      at: t.at.toISOString(),
      passed: t.passed,
    })),
    breachedAt: row.breachedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

/** The incident's SLA clock now: on track, at risk, breached, or met. */
export function getSla(deps: Deps, actor: Actor, key: string): Promise<Sla | NoSla> {
  return withTransaction(deps.db, async (tx) => {
    const { row, policy } = await loadIncident(tx, actor, key, { lock: false });
    const clock = await findClock(tx, row.id);
    if (!clock) return { incidentKey: row.key, state: 'none' as const };
    const warnAt = policy.document.severities.find((s) => s.key === clock.severity)?.slaWarnAt ?? [];
    return view(row.key, clock, warnAt, deps.clock.now());
  });
}

/** Open incidents by SLA state (default: at risk and breached), soonest due first; need-to-know applies. */
export function listSla(deps: Deps, actor: Actor, states: SlaState[]): Promise<{ items: Sla[] }> {
  assertCan(actor, 'incident.read');
  return withTransaction(deps.db, async (tx) => {
    const active = (await getActivePolicy(tx)).document;
    const now = deps.clock.now();
    const items: Sla[] = [];
    for (const row of await listClocks(tx, ['on_track', 'at_risk', 'breached'])) {
      if (row.closedAt) continue;
      const incident = await findIncidentById(tx, row.incidentId);
      if (!incident?.isOpen || !(await canSeeIncident(tx, actor, active, incident))) continue;
      const policy = (await getPolicyVersion(tx, incident.policyVersion)).document;
      const warnAt = policy.severities.find((s) => s.key === row.severity)?.slaWarnAt ?? [];
      const v = view(incident.key, row, warnAt, now);
      if (states.includes(v.state)) items.push(v);
    }
    return { items };
  });
}
