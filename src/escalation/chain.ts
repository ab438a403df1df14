import { systemActor } from '../access/actor.ts';
import { postToChatRoom } from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { newId } from '../platform/ids.ts';
import type { Timer } from '../platform/jobs/jobs.ts';
import { durationMs } from '../policy/duration.ts';
import type { Policy } from '../policy/schema.ts';
import {
  ACK_TIMEOUT_TIMER,
  type EngineDeps,
  pageStep,
  STEP_START_TIMER,
  type StepContext,
} from './page-step.ts';
import { Recorder } from './recorder.ts';
import { describeTarget, type Rule, ruleOf } from './rules.ts';
import {
  findRun,
  findStep,
  insertRun,
  insertStep,
  type RunRow,
  runsOfSubject,
  type StepRow,
  stepsOfRuns,
  updateRun,
  updateStep,
} from './store.ts';
import { policyOf, type Subject, subjectOf } from './subject.ts';

export { ACK_TIMEOUT_TIMER, STEP_START_TIMER };

export interface Trigger {
  seq: number;
  at: Date;
  on: string;
}

/**
 * Starts one rule for one trigger: a run keyed by the audit entry and the rule (so a trigger seen twice
 * starts it once), its steps, and the steps due now. Steps with `after` wait for a timer.
 */
export async function startRun(
  tx: Tx,
  deps: EngineDeps,
  rec: Recorder,
  input: { rule: Rule; policy: Policy; policyVersion: number; trigger: Trigger; subject: Subject },
): Promise<void> {
  const { rule, subject, trigger } = input;
  const now = deps.clock.now();
  const run = await insertRun(tx, {
    id: newId(),
    key: `esc:${trigger.seq}:${rule.id}`,
    ruleId: rule.id,
    ruleName: rule.name,
    trigger: trigger.on,
    auditSeq: trigger.seq,
    policyVersion: input.policyVersion,
    eventId: subject.event?.id ?? null,
    incidentId: subject.incident?.id ?? null,
    state: 'active',
    startedAt: now,
  });
  if (!run) return;
  await rec.timeline(run.incidentId, 'escalation.started', now, null, {
    runId: run.id,
    rule: { id: rule.id, name: rule.name, on: rule.on },
    source: rule.source ?? null,
    steps: rule.steps.map((s) => ({
      id: s.id,
      after: s.after,
      notify: s.notify.map((t) => describeTarget(input.policy, t)),
    })),
  });
  for (const [idx, spec] of rule.steps.entries()) {
    // Delays count from the trigger, so a dispatcher that was down catches up instead of shifting them.
    const dueAt = new Date(trigger.at.getTime() + durationMs(spec.after));
    const step = await insertStep(tx, {
      id: newId(),
      runId: run.id,
      stepId: spec.id,
      idx,
      state: 'scheduled',
      dueAt,
    });
    if (!step) continue;
    if (dueAt <= now) {
      await pageStep({ tx, deps, rec, run, rule, spec, subject, policy: input.policy }, step, 0, false, null);
    } else {
      await deps.jobs.schedule(tx, {
        key: `${run.key}:${spec.id}:start`,
        kind: STEP_START_TIMER,
        dueAt,
        payload: { stepRowId: step.id },
      });
    }
  }
  await completeIfDone(tx, run.id, now);
}

/** Why a run should not go on: its incident closed, its severity moved out of the rule, its event dismissed. */
export function whyStop(run: RunRow, rule: Rule | undefined, subject: Subject | null): string | null {
  if (!rule) return 'the rule is no longer in the policy';
  if (!subject) return 'its subject no longer exists';
  const incident = subject.incident;
  if (incident && !incident.isOpen) return `${incident.key} is closed`;
  if (incident && run.incidentId && rule.severities && !rule.severities.includes(incident.severity))
    return `${incident.key} is now ${incident.severity}`;
  if (!incident && subject.event && subject.event.status === 'dismissed')
    return `${subject.event.ref} was dismissed`;
  return null;
}

async function contextFor(
  tx: Tx,
  deps: EngineDeps,
  rec: Recorder,
  run: RunRow,
  step: StepRow,
): Promise<{ stop: string } | { c: StepContext }> {
  const policy = await policyOf(tx, run);
  const rule = ruleOf(policy, run.ruleId);
  const subject = await subjectOf(tx, deps, run);
  const spec = rule?.steps.find((s) => s.id === step.stepId);
  const stop = whyStop(run, rule, subject);
  if (stop || !rule || !spec || !subject) return { stop: stop ?? 'the step is no longer in the rule' };
  return { c: { tx, deps, rec, run, rule, spec, subject, policy } };
}

/** Timer: nobody acknowledged a step's pages in time — page again, escalate to the fallback, or record it. */
export async function onAckTimeout(deps: EngineDeps, timer: Timer): Promise<void> {
  const { stepRowId, round } = timer.payload as { stepRowId: string; round: number };
  await withTransaction(deps.db, async (tx) => {
    const rec = new Recorder(tx);
    // Locks run before step, as acknowledgements do, so the two never deadlock.
    const seen = await findStep(tx, stepRowId);
    const run = seen ? await findRun(tx, seen.runId, true) : undefined;
    const step = run ? await findStep(tx, stepRowId, true) : undefined;
    if (run?.state !== 'active' || !step || step.state !== 'paging' || step.round !== round) return;
    const now = deps.clock.now();
    const ctx = await contextFor(tx, deps, rec, run, step);
    if ('stop' in ctx) {
      await stopRun(tx, rec, run, ctx.stop, now);
    } else {
      const { c } = ctx;
      const waited = `nobody acknowledged within ${c.spec.ackTimeout}`;
      if (round < c.spec.repeat) {
        await pageStep(c, step, round + 1, false, waited);
      } else if (c.spec.fallback) {
        const who = c.spec.notify.map((t) => describeTarget(c.policy, t)).join(' nor ');
        await pageStep(c, step, round, true, `neither ${who} acknowledged within ${c.spec.ackTimeout}`);
        if (run.incidentId)
          await postToChatRoom(
            tx,
            deps,
            run.incidentId,
            `esc:${step.id}:fallback`,
            `${c.subject.ref}: ${waited}; escalated (${c.rule.name}).`,
          );
      } else {
        await updateStep(tx, step.id, { state: 'unanswered', endedAt: now, endReason: waited });
        rec.touch(run);
        await rec.timeline(run.incidentId, 'escalation.unanswered', now, null, {
          runId: run.id,
          rule: { id: c.rule.id, name: c.rule.name },
          step: step.stepId,
          reason: waited,
        });
        rec.audit(systemActor(), now, {
          action: 'escalation.unanswered',
          targetType: c.subject.kind,
          targetId: c.subject.ref,
          incidentId: run.incidentId,
          data: { rule: c.rule.id, step: step.stepId },
        });
      }
      await completeIfDone(tx, run.id, now);
    }
    await rec.flush();
  });
}

/** Timer: a step's `after` delay is over — page it, unless the run stopped (acknowledged, closed). */
export async function onStepStart(deps: EngineDeps, timer: Timer): Promise<void> {
  const { stepRowId } = timer.payload as { stepRowId: string };
  await withTransaction(deps.db, async (tx) => {
    const rec = new Recorder(tx);
    const seen = await findStep(tx, stepRowId);
    const run = seen ? await findRun(tx, seen.runId, true) : undefined;
    const step = run ? await findStep(tx, stepRowId, true) : undefined;
    if (run?.state !== 'active' || !step || step.state !== 'scheduled') return;
    const ctx = await contextFor(tx, deps, rec, run, step);
    if ('stop' in ctx) await stopRun(tx, rec, run, ctx.stop, deps.clock.now());
    else await pageStep(ctx.c, step, 0, false, null);
    await completeIfDone(tx, run.id, deps.clock.now());
    await rec.flush();
  });
}

/** A run is done when no step waits for a timer any more. */
export async function completeIfDone(tx: Tx, runId: string, now: Date): Promise<void> {
  const steps = await stepsOfRuns(tx, [runId]);
  if (steps.some((s) => s.state === 'scheduled' || s.state === 'paging')) return;
  await updateRun(tx, runId, { state: 'completed', endedAt: now });
}

/** Stops a run: its waiting steps will page nobody else. Recorded with the reason. */
export async function stopRun(tx: Tx, rec: Recorder, run: RunRow, reason: string, now: Date): Promise<void> {
  if (run.state !== 'active') return;
  const steps = await stepsOfRuns(tx, [run.id]);
  const waiting = steps.filter((s) => s.state === 'scheduled' || s.state === 'paging');
  for (const s of waiting) await updateStep(tx, s.id, { state: 'stopped', endedAt: now, endReason: reason });
  await updateRun(tx, run.id, { state: 'stopped', endedAt: now, endReason: reason });
  rec.touch(run);
  if (waiting.length === 0) return;
  await rec.timeline(run.incidentId, 'escalation.stopped', now, null, {
    runId: run.id,
    rule: { id: run.ruleId, name: run.ruleName },
    steps: waiting.map((s) => s.stepId),
    reason,
  });
  rec.audit(systemActor(), now, {
    action: 'escalation.stopped',
    targetType: run.incidentId ? 'incident' : 'event',
    targetId: run.incidentId ?? run.eventId,
    incidentId: run.incidentId,
    data: { rule: run.ruleId, reason },
  });
}

/** Stops the active runs of an incident (or event) that no longer apply. */
export async function stopRunsOf(
  tx: Tx,
  deps: EngineDeps,
  rec: Recorder,
  where: { incidentId?: string; eventId?: string },
  reasonFor: (run: RunRow, rule: Rule | undefined, subject: Subject | null) => string | null,
): Promise<void> {
  const now = deps.clock.now();
  for (const run of await runsOfSubject(tx, where)) {
    if (run.state !== 'active') continue;
    const policy = await policyOf(tx, run);
    const reason = reasonFor(run, ruleOf(policy, run.ruleId), await subjectOf(tx, deps, run));
    if (reason) await stopRun(tx, rec, (await findRun(tx, run.id, true)) ?? run, reason, now);
  }
}
