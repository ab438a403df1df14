import { systemActor } from '../access/actor.ts';
import { actorForUser } from '../access/load-actor.ts';
import { findUserById } from '../access/store.ts';
import type { AppDeps } from '../app/deps.ts';
import { type Recipient, resolveTargets } from '../directory/index.ts';
import { canSeeIncident } from '../incidents/index.ts';
import { type Notice, type NotifyOutcome, notify, type PolicyChannel } from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { newId } from '../platform/ids.ts';
import { durationMs } from '../policy/duration.ts';
import type { Policy } from '../policy/schema.ts';
import { signAckToken } from './ack-links.ts';
import type { Recorder } from './recorder.ts';
import { describeTarget, type Rule, type StepSpec } from './rules.ts';
import { insertPage, type PageRow, pagesOfStep, type RunRow, type StepRow, updateStep } from './store.ts';
import type { Subject } from './subject.ts';

export type EngineDeps = Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'config'>;
export const ACK_TIMEOUT_TIMER = 'escalation.ack-timeout';
export const STEP_START_TIMER = 'escalation.step-start';

export interface StepContext {
  tx: Tx;
  deps: EngineDeps;
  rec: Recorder;
  run: RunRow;
  rule: Rule;
  spec: StepSpec;
  subject: Subject;
  policy: Policy;
}

/** Need-to-know: a restricted incident is paged only to people who may see it. */
async function maySee(c: StepContext, r: Recipient): Promise<boolean> {
  const incident = c.subject.incident;
  if (incident?.visibility !== 'restricted') return true;
  if (!r.userId) return false;
  const user = await findUserById(c.tx, r.userId);
  if (!user || user.disabledAt) return false;
  return canSeeIncident(c.tx, await actorForUser(c.tx, user, null), c.policy, incident);
}

function noticeFor(c: StepContext, page: PageRow, fallback: boolean): Notice {
  const n = c.deps.config.notifications;
  const s = c.subject;
  const incident = s.incident;
  const severity = incident ? c.policy.severities.find((x) => x.key === incident.severity) : undefined;
  const ackToken = n.secretKey
    ? signAckToken(n.secretKey, page.id, new Date(c.deps.clock.now().getTime() + n.ackLinkHours * 3_600_000))
    : null;
  const ackUrl = ackToken ? `${n.baseUrl}/api/v1/pages/ack/${ackToken}` : null;
  const headline = incident
    ? `${incident.severity} incident ${incident.key}: ${incident.title}`
    : `Reported${s.event?.suspectedBreach ? ' (suspected data breach)' : ''}: ${s.title} (${s.ref})`;
  const lines = [
    `${c.rule.name}.`,
    `You are paged as ${page.via.join(', ')}${fallback ? ', because nobody before you acknowledged' : ''}.`,
  ];
  if (severity)
    lines.push(
      `${severity.key} ${severity.name}${severity.escalationSummary ? ` — ${severity.escalationSummary}` : ''}`,
    );
  if (s.event && !incident)
    lines.push(`Reported by ${s.event.reporterName ?? 'an unknown reporter'} via ${s.event.source}.`);
  if (c.spec.ackTimeout && !fallback) lines.push(`Please acknowledge within ${c.spec.ackTimeout}.`);
  lines.push(`Or: cordon pages ack ${page.id}`);
  return {
    purpose: 'page',
    subjectRef: s.ref,
    headline,
    brief: `${incident ? `${incident.severity} ` : ''}${s.ref}: you are paged`,
    lines,
    link: c.spec.includeLink ? s.link : null,
    ackUrl,
    ackToken,
    baseUrl: n.baseUrl,
    restricted: s.restricted,
    data: {
      page: { id: page.id, rule: c.rule.id, step: c.spec.id, round: page.round, fallback },
      subject: { kind: s.kind, ref: s.ref, title: s.title, severity: incident?.severity ?? null },
      recipient: { name: page.recipientName, via: page.via },
    },
  };
}

const summarize = (outcomes: NotifyOutcome[], recipientKey: string) =>
  outcomes
    .filter((o) => o.recipientKey === recipientKey)
    .map((o) => ({
      deliveryId: o.deliveryId,
      channel: o.channel,
      via: o.via,
      status: o.status,
      reason: o.reason,
    }));

/**
 * Pages one round of a step (or its fallback): resolves the targets, creates one page per person, sends
 * through the step's channels, records who was paged how on the timeline, and sets the acknowledgement
 * timer. Nobody reachable at all escalates to the fallback at once ("neither … reachable → the CEO is to
 * be immediately notified").
 */
export async function pageStep(
  c: StepContext,
  step: StepRow,
  round: number,
  fallback: boolean,
  reason: string | null,
): Promise<void> {
  const { tx, deps, run, spec, policy } = c;
  const now = deps.clock.now();
  const targets = fallback ? (spec.fallback?.notify ?? []) : spec.notify;
  const channels = (fallback ? (spec.fallback?.channels ?? []) : spec.channels) as PolicyChannel[];
  const resolution = await resolveTargets(tx, policy, targets, c.subject.targets);
  const acked = new Set(
    (await pagesOfStep(tx, step.id)).filter((p) => p.state === 'acknowledged').map((p) => p.recipientKey),
  );
  const withheld: string[] = [];
  const recipients: Recipient[] = [];
  for (const r of resolution.recipients) {
    if (!fallback && acked.has(r.key)) continue;
    if (await maySee(c, r)) recipients.push(r);
    else withheld.push(r.name);
  }
  const pages = new Map<string, PageRow>();
  for (const r of recipients) {
    const { row } = await insertPage(tx, {
      id: newId(),
      key: `${run.key}:${spec.id}:${fallback ? 'fallback' : round}:${r.key}`,
      runId: run.id,
      stepRowId: step.id,
      round,
      fallback,
      incidentId: run.incidentId,
      eventId: run.eventId,
      recipientKey: r.key,
      recipientKind: r.kind,
      personId: r.personId,
      userId: r.userId,
      teamKey: r.teamKey,
      recipientName: r.name,
      via: r.via,
      channels,
      state: 'open',
      createdAt: now,
    });
    pages.set(r.key, row);
  }
  const outcomes = await notify(tx, deps, {
    key: `page:${run.key}:${spec.id}:${fallback ? 'fallback' : round}`,
    purpose: 'page',
    recipients,
    channels,
    notice: (r) => {
      const page = pages.get(r.key);
      if (!page) throw new Error('page missing for recipient');
      return noticeFor(c, page, fallback);
    },
    incidentId: run.incidentId,
    eventId: run.eventId,
    pageFor: (r) => pages.get(r.key)?.id ?? null,
  });
  const reachable = [...pages.values()].filter((p) =>
    outcomes.some(
      (o) => o.recipientKey === p.recipientKey && (o.status === 'queued' || o.status === 'delivered'),
    ),
  );
  const timeoutAt =
    !fallback && spec.ackTimeout ? new Date(now.getTime() + durationMs(spec.ackTimeout)) : null;
  const next = nextAction(policy, spec, round, fallback);
  c.rec.touch(run);
  await c.rec.timeline(run.incidentId, fallback ? 'escalation.escalated' : 'escalation.paged', now, null, {
    runId: run.id,
    rule: { id: c.rule.id, name: c.rule.name },
    step: spec.id,
    round,
    fallback,
    reason,
    targets: targets.map((t) => describeTarget(policy, t)),
    recipients: [...pages.values()].map((p) => ({
      pageId: p.id,
      name: p.recipientName,
      via: p.via,
      deliveries: summarize(outcomes, p.recipientKey),
    })),
    gaps: resolution.gaps,
    withheld,
    next: timeoutAt ? { at: timeoutAt.toISOString(), action: next } : null,
  });
  c.rec.audit(systemActor(), now, {
    action: fallback ? 'escalation.escalated' : 'escalation.paged',
    targetType: c.subject.kind,
    targetId: c.subject.ref,
    incidentId: run.incidentId,
    data: {
      rule: c.rule.id,
      step: spec.id,
      round,
      pages: pages.size,
      withheld: withheld.length,
      gaps: resolution.gaps.length,
    },
  });
  if (!fallback && reachable.length === 0 && spec.fallback) {
    const why =
      pages.size === 0 ? 'nobody in this step could be paged' : 'none of the pages could be delivered';
    await pageStep(c, step, round, true, why);
    return;
  }
  if (timeoutAt) {
    await updateStep(tx, step.id, { state: 'paging', round, timeoutAt });
    await deps.jobs.schedule(tx, {
      key: `${run.key}:${spec.id}:timeout:${round}`,
      kind: ACK_TIMEOUT_TIMER,
      dueAt: timeoutAt,
      payload: { stepRowId: step.id, round },
    });
  } else {
    await updateStep(tx, step.id, { state: fallback ? 'escalated' : 'notified', round, timeoutAt: null });
  }
}

/** What happens at the timeout if nobody acknowledges: page again, escalate to the fallback, or nothing. */
function nextAction(policy: Policy, spec: StepSpec, round: number, fallback: boolean): string {
  if (fallback) return 'none';
  if (round < spec.repeat) return `page again (repeat ${round + 1} of ${spec.repeat})`;
  if (spec.fallback) return `page ${spec.fallback.notify.map((t) => describeTarget(policy, t)).join(', ')}`;
  return 'record that nobody acknowledged';
}
