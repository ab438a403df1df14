import { systemActor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { resolveTargets } from '../directory/index.ts';
import { findIncidentById, type IncidentRow } from '../incidents/index.ts';
import { incidentTargetContext, notify, type PolicyChannel, postToChatRoom } from '../notifications/index.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import type { Timer } from '../platform/jobs/jobs.ts';
import type { Policy } from '../policy/schema.ts';
import { getPolicyVersion } from '../policy/versions.ts';
import { appendTimeline } from '../timeline/append.ts';
import { readSla, thresholdAt } from './clock.ts';
import { deleteClock, findClock, saveClock, updateClock } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'config'>;
export const SLA_TIMER = 'sla.threshold';

const severityOf = (policy: Policy, key: string) => policy.severities.find((s) => s.key === key);

/** The incident page's SLA panel and the SLA overview refetch when the clock moves (app/live.ts). */
const announce = (tx: Tx, incident: IncidentRow) =>
  announceChange(tx, {
    kind: 'incident',
    key: incident.key,
    id: incident.id,
    visibility: incident.visibility,
  });

/**
 * (Re)starts an incident's SLA clock from its current due time: thresholds still ahead and the due time
 * become timers keyed by the due time, so a severity change makes the old ones stale (they re-check and do
 * nothing) and a repeated plan schedules nothing twice.
 */
export async function planSla(tx: Tx, deps: Deps, incident: IncidentRow): Promise<void> {
  if (!incident.remediationDueAt || !incident.isOpen) {
    if (!incident.remediationDueAt) {
      await deleteClock(tx, incident.id);
      await announce(tx, incident);
    }
    return;
  }
  const policy = (await getPolicyVersion(tx, incident.policyVersion)).document;
  const severity = severityOf(policy, incident.severity);
  const now = deps.clock.now();
  const due = incident.remediationDueAt;
  const existing = await findClock(tx, incident.id, true);
  const sameDue = existing?.dueAt.getTime() === due.getTime();
  const reading = readSla(
    { startedAt: incident.declaredAt, dueAt: due, closedAt: null, warnAt: severity?.slaWarnAt ?? [] },
    now,
  );
  // Thresholds already behind when the clock is (re)planned are not announced again, only the state shows it.
  const passed = reading.thresholds.filter((t) => t.passed).map((t) => t.percent);
  await saveClock(tx, {
    incidentId: incident.id,
    severity: incident.severity,
    startedAt: incident.declaredAt,
    dueAt: due,
    state:
      reading.state === 'breached'
        ? existing?.state === 'breached' && sameDue
          ? 'breached'
          : 'at_risk'
        : reading.state,
    lastPercent: sameDue ? Math.max(existing?.lastPercent ?? 0, ...passed, 0) : Math.max(0, ...passed),
    breachedAt: sameDue ? (existing?.breachedAt ?? null) : null,
    closedAt: null,
    updatedAt: now,
  });
  const key = `sla:${incident.id}:${due.toISOString()}`;
  await deps.jobs.scheduleMany(tx, [
    ...reading.thresholds
      .filter((x) => !x.passed)
      .map((t) => ({
        key: `${key}:${t.percent}`,
        kind: SLA_TIMER,
        dueAt: thresholdAt(incident.declaredAt, due, t.percent),
        payload: { incidentId: incident.id, dueAt: due.toISOString(), percent: t.percent },
      })),
    {
      key: `${key}:breach`,
      kind: SLA_TIMER,
      dueAt: due,
      payload: { incidentId: incident.id, dueAt: due.toISOString(), percent: 100 },
    },
  ]);
  await announce(tx, incident);
}

/** Closing stops the clock: met if in time, breached (late) otherwise. Reopening plans it again. */
export async function closeSla(tx: Tx, deps: Deps, incident: IncidentRow): Promise<void> {
  const clock = await findClock(tx, incident.id, true);
  if (!clock || !incident.closedAt) return;
  const met = incident.closedAt <= clock.dueAt;
  await updateClock(tx, incident.id, {
    state: met ? 'met' : 'breached',
    closedAt: incident.closedAt,
    updatedAt: deps.clock.now(),
  });
  await appendTimeline(tx, {
    incidentId: incident.id,
    kind: met ? 'sla.met' : 'sla.closed_late',
    at: deps.clock.now(),
    actorId: null,
    data: {
      dueAt: clock.dueAt.toISOString(),
      closedAt: incident.closedAt.toISOString(),
      ...(met ? {} : { lateByMs: incident.closedAt.getTime() - clock.dueAt.getTime() }),
    },
  });
  await announce(tx, incident);
}

/**
 * Timer: a threshold or the due time came. The owner is reminded at each threshold, the Security Delegate
 * and management hear of a breach (policy `sla.remind`, `sla.breach`). Stale timers (closed incident, a
 * different due time, a threshold already announced) do nothing.
 */
export async function onSlaTimer(deps: Deps, timer: Timer): Promise<void> {
  const { incidentId, dueAt, percent } = timer.payload as {
    incidentId: string;
    dueAt: string;
    percent: number;
  };
  await withTransaction(deps.db, async (tx) => {
    const clock = await findClock(tx, incidentId, true);
    const incident = await findIncidentById(tx, incidentId);
    if (!clock || !incident?.isOpen || clock.dueAt.toISOString() !== dueAt || clock.lastPercent >= percent)
      return;
    const policy = (await getPolicyVersion(tx, incident.policyVersion)).document;
    const now = deps.clock.now();
    const breach = percent >= 100;
    await updateClock(tx, incidentId, {
      state: breach ? 'breached' : 'at_risk',
      lastPercent: percent,
      ...(breach ? { breachedAt: now } : {}),
      updatedAt: now,
    });
    const notice = breach ? policy.sla.breach : policy.sla.remind;
    const severity = severityOf(policy, incident.severity);
    let told: { recipient: string; channel: string; status: string }[] = [];
    let gaps: string[] = [];
    if (notice) {
      const ctx = await incidentTargetContext(tx, incident, now);
      const resolution = await resolveTargets(tx, policy, notice.notify, ctx);
      gaps = resolution.gaps;
      const link = `${deps.config.notifications.baseUrl}/incidents/${incident.key}`;
      const what = breach
        ? `${incident.key} has breached its remediation SLA`
        : `${incident.key} has used ${percent}% of its remediation SLA`;
      const outcomes = await notify(tx, deps, {
        key: `sla:${incident.id}:${dueAt}:${percent}`,
        purpose: 'sla',
        recipients: resolution.recipients,
        channels: notice.channels as PolicyChannel[],
        notice: () => ({
          purpose: 'sla',
          subjectRef: incident.key,
          headline: `${what}: ${incident.title}`,
          brief: what,
          lines: [
            `${incident.severity}${severity?.remediationSla ? ` incidents are to be closed within ${severity.remediationSla}` : ''}; due ${dueAt}.`,
            breach ? 'The SLA is breached: record why, and when it will close.' : 'Reminder to the owner.',
          ],
          link,
          ackUrl: null,
          ackToken: null,
          baseUrl: null,
          restricted: incident.visibility === 'restricted',
          data: { incident: incident.key, sla: { dueAt, percent, breached: breach } },
        }),
        incidentId: incident.id,
        eventId: null,
      });
      told = outcomes.map((o) => ({ recipient: o.recipient, channel: o.channel, status: o.status }));
    }
    await appendTimeline(tx, {
      incidentId,
      kind: breach ? 'sla.breached' : 'sla.at_risk',
      at: now,
      actorId: null,
      data: { percent, dueAt, notified: told, gaps },
    });
    if (breach)
      await postToChatRoom(
        tx,
        deps,
        incidentId,
        `sla:${dueAt}`,
        `${incident.key} breached its remediation SLA (due ${dueAt}).`,
      );
    await announce(tx, incident);
    await appendAudit(tx, systemActor(), now, {
      action: breach ? 'sla.breached' : 'sla.at_risk',
      targetType: 'incident',
      targetId: incident.key,
      incidentId,
      data: { percent, dueAt },
    });
  });
}
