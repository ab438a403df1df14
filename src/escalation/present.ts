import type { Actor } from '../access/actor.ts';
import { can } from '../access/can.ts';
import type { EscalationPage, EscalationRun, PageDelivery } from '../app/api-types-escalation.ts';
import { canSeeIncident, findIncidentById } from '../incidents/index.ts';
import { type DeliveryRow, deliveriesOfPages, findEventSubjectById } from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { findRun, type PageRow, type RunRow, type StepRow } from './store.ts';

const presentDelivery = (d: DeliveryRow): PageDelivery => ({
  id: d.id,
  channel: d.channel,
  via: d.channelKey,
  address: d.address,
  status: d.status,
  attempts: d.attempts,
  lastError: d.lastError,
  note: d.note,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
});

const presentPageRow = (
  p: PageRow,
  run: RunRow | undefined,
  step: string | null,
  ref: string | null,
  ds: DeliveryRow[],
): EscalationPage => ({
  id: p.id,
  state: p.state,
  recipient: { name: p.recipientName, kind: p.recipientKind, via: p.via },
  channels: p.channels,
  round: p.round,
  fallback: p.fallback,
  rule: run ? { id: run.ruleId, name: run.ruleName } : null,
  step,
  subject: p.incidentId ? { kind: 'incident' as const, ref } : { kind: 'event' as const, ref },
  createdAt: p.createdAt.toISOString(),
  acknowledgedAt: p.ackAt?.toISOString() ?? null,
  acknowledgedBy: p.ackByName,
  acknowledgedVia: p.ackVia,
  note: p.ackNote,
  deliveries: ds.filter((d) => d.pageId === p.id).map(presentDelivery),
  cursor: p.ord,
});
export type PageView = EscalationPage;

/**
 * Pages the actor may see: their own, and those of incidents they may see (need-to-know) or events they
 * may read. Returns them with their rule, subject reference and deliveries.
 */
export async function presentPages(
  tx: Tx,
  actor: Actor,
  rows: PageRow[],
  steps: Map<string, StepRow> = new Map(),
) {
  const policy = (await getActivePolicy(tx)).document;
  const refs = new Map<string, string | null>();
  const runs = new Map<string, RunRow | undefined>();
  const visible: PageRow[] = [];
  for (const p of rows) {
    const key = p.incidentId ?? p.eventId ?? '';
    if (!refs.has(key)) {
      if (p.incidentId) {
        const incident = await findIncidentById(tx, p.incidentId);
        const ok =
          incident && (p.userId === actor.userId || (await canSeeIncident(tx, actor, policy, incident)));
        refs.set(key, ok ? incident.key : null);
      } else if (p.eventId) {
        const event = await findEventSubjectById(tx, p.eventId);
        refs.set(key, event && (p.userId === actor.userId || can(actor, 'event.read')) ? event.ref : null);
      }
    }
    if (!refs.get(key) && p.userId !== actor.userId) continue;
    if (!runs.has(p.runId)) runs.set(p.runId, await findRun(tx, p.runId));
    visible.push(p);
  }
  const deliveries = await deliveriesOfPages(
    tx,
    visible.map((p) => p.id),
  );
  return visible.map((p) =>
    presentPageRow(
      p,
      runs.get(p.runId),
      steps.get(p.stepRowId)?.stepId ?? null,
      refs.get(p.incidentId ?? p.eventId ?? '') ?? null,
      deliveries,
    ),
  );
}

/** A subject's escalation: each run with its steps and their pages (the web app's escalation panel). */
export function presentRuns(
  runs: RunRow[],
  steps: StepRow[],
  pageViews: PageView[],
  pagesByStep: Map<string, string[]>,
): EscalationRun[] {
  return runs.map((r) => ({
    id: r.id,
    rule: { id: r.ruleId, name: r.ruleName },
    trigger: r.trigger,
    state: r.state,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    endReason: r.endReason,
    steps: steps
      .filter((s) => s.runId === r.id)
      .map((s) => ({
        id: s.stepId,
        state: s.state,
        round: s.round,
        dueAt: s.dueAt.toISOString(),
        timeoutAt: s.timeoutAt?.toISOString() ?? null,
        endedAt: s.endedAt?.toISOString() ?? null,
        endReason: s.endReason,
        pages: pageViews.filter((p) => (pagesByStep.get(s.id) ?? []).includes(p.id)),
      })),
  }));
}
