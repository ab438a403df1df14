import { type DeliveryRow, deliveriesOfPages } from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { type EngineDeps, pageStep } from './page-step.ts';
import { Recorder } from './recorder.ts';
import { ruleOf } from './rules.ts';
import { findPage, findRun, findStep, pagesOfStep } from './store.ts';
import { policyOf, subjectOf } from './subject.ts';

const LIVE = new Set(['queued', 'sending', 'retrying', 'delivered']);

/**
 * Called when a delivery reaches a final state. When every page of a step's current round has failed on
 * every channel, nobody in the step is reachable, and the fallback is paged now rather than at the
 * timeout (incident-management-policy: "In the event, neither the Manager of DevOps or CTO are reachable
 * the CEO is to be immediately notified").
 */
export async function onDeliveryFinal(tx: Tx, deps: EngineDeps, delivery: DeliveryRow): Promise<void> {
  if (!delivery.pageId || delivery.status === 'delivered') return;
  const page = await findPage(tx, delivery.pageId);
  if (!page || page.fallback) return;
  const run = await findRun(tx, page.runId, true);
  const step = run ? await findStep(tx, page.stepRowId, true) : undefined;
  if (run?.state !== 'active' || !step || step.state !== 'paging' || step.round !== page.round) return;
  const policy = await policyOf(tx, run);
  const rule = ruleOf(policy, run.ruleId);
  const spec = rule?.steps.find((s) => s.id === step.stepId);
  if (!rule || !spec?.fallback) return;
  const round = (await pagesOfStep(tx, step.id)).filter((p) => !p.fallback && p.round === step.round);
  if (round.some((p) => p.state === 'acknowledged')) return;
  const deliveries = await deliveriesOfPages(
    tx,
    round.map((p) => p.id),
  );
  const reachable = round.some((p) => deliveries.some((d) => d.pageId === p.id && LIVE.has(d.status)));
  if (reachable) return;
  const subject = await subjectOf(tx, deps, run);
  if (!subject) return;
  const rec = new Recorder(tx);
  const names = round.map((p) => p.recipientName).join(' and ');
  await pageStep(
    { tx, deps, rec, run, rule, spec, subject, policy },
    step,
    step.round,
    true,
    `${names} could not be reached: every delivery failed`,
  );
  await rec.flush();
}
