import { type Actor, systemActor } from '../access/actor.ts';
import { can } from '../access/can.ts';
import { actorForUser } from '../access/load-actor.ts';
import { findUserById } from '../access/store.ts';
import type { AckVia } from '../app/api-types-escalation.ts';
import { findPersonByUserId, teamsOfPerson } from '../directory/index.ts';
import { canSeeIncident, findIncidentById } from '../incidents/index.ts';
import { postToChatRoom } from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { verifyAckToken } from './ack-links.ts';
import { completeIfDone } from './chain.ts';
import type { EngineDeps } from './page-step.ts';
import { Recorder } from './recorder.ts';
import { describeTarget, ruleOf } from './rules.ts';
import {
  findPage,
  findRun,
  findStep,
  type PageRow,
  pagesOfStep,
  stepsOfRuns,
  updatePage,
  updateStep,
} from './store.ts';
import { policyOf } from './subject.ts';

export interface AckResult {
  page: PageRow;
  alreadyAcknowledged: boolean;
  /** What the acknowledgement stopped, in words ("CEO will not be paged"). */
  stopped: string[];
}

const pageNotFound = (id: string) => new AppError('page.not_found', `There is no page ${id} for you.`);

/** The recipient acknowledges; a Delegate may acknowledge on someone's behalf (recorded as such). */
async function mayAcknowledge(
  tx: Tx,
  actor: Actor,
  page: PageRow,
): Promise<'recipient' | 'on-behalf' | null> {
  if (actor.userId && page.userId === actor.userId) return 'recipient';
  if (actor.userId && page.teamKey) {
    const person = await findPersonByUserId(tx, actor.userId);
    if (person && (await teamsOfPerson(tx, person.id)).includes(page.teamKey)) return 'recipient';
  }
  const permission = page.incidentId ? 'incident.set_severity' : 'event.triage';
  if (!can(actor, permission)) return null;
  if (page.incidentId) {
    const incident = await findIncidentById(tx, page.incidentId);
    const run = await findRun(tx, page.runId);
    if (!incident || !run || !(await canSeeIncident(tx, actor, await policyOf(tx, run), incident)))
      return null;
  }
  return 'on-behalf';
}

/**
 * Records an acknowledgement and stops that chain: no repeats, no fallback, no later steps of the rule
 * ("does not page the CEO once the CTO has acknowledged"). Acknowledging twice is harmless.
 */
async function acknowledgeInTx(
  tx: Tx,
  deps: EngineDeps,
  page: PageRow,
  who: { actor: Actor; name: string; how: 'recipient' | 'on-behalf' },
  via: AckVia,
  note: string | null,
): Promise<AckResult> {
  if (page.state === 'acknowledged') return { page, alreadyAcknowledged: true, stopped: [] };
  const now = deps.clock.now();
  const rec = new Recorder(tx);
  const run = await findRun(tx, page.runId, true);
  const step = await findStep(tx, page.stepRowId, true);
  if (!run || !step) throw pageNotFound(page.id);
  const updated = await updatePage(tx, page.id, {
    state: 'acknowledged',
    ackAt: now,
    ackBy: who.actor.userId,
    ackByName: who.name,
    ackVia: via,
    ackNote: note,
  });
  const policy = await policyOf(tx, run);
  const rule = ruleOf(policy, run.ruleId);
  const spec = rule?.steps.find((s) => s.id === step.stepId);
  const stopped: string[] = [];
  let complete = page.fallback || spec?.ack !== 'all';
  if (!complete) {
    const round = (await pagesOfStep(tx, step.id)).filter((p) => !p.fallback && p.round === step.round);
    complete = round.every((p) => p.id === page.id || p.state === 'acknowledged');
  }
  if (complete && ['paging', 'notified', 'escalated', 'unanswered'].includes(step.state)) {
    if (step.state === 'paging' && spec) {
      if (step.round < spec.repeat) stopped.push('no more repeat pages');
      if (spec.fallback)
        stopped.push(
          `${spec.fallback.notify.map((t) => describeTarget(policy, t)).join(', ')} will not be paged`,
        );
    }
    await updateStep(tx, step.id, {
      state: 'acknowledged',
      endedAt: now,
      endReason: `acknowledged by ${who.name}`,
    });
    for (const later of await stepsOfRuns(tx, [run.id])) {
      if (later.state !== 'scheduled') continue;
      await updateStep(tx, later.id, {
        state: 'stopped',
        endedAt: now,
        endReason: `acknowledged by ${who.name}`,
      });
      stopped.push(`step ${later.stepId} will not run`);
    }
    await completeIfDone(tx, run.id, now);
  }
  rec.touch(page);
  await rec.timeline(page.incidentId, 'page.acknowledged', now, who.actor.userId, {
    pageId: page.id,
    recipient: page.recipientName,
    by: who.name,
    onBehalf: who.how === 'on-behalf',
    via,
    note,
    rule: { id: run.ruleId, name: run.ruleName },
    step: step.stepId,
    fallback: page.fallback,
    chain: complete ? 'stopped' : 'waiting for the others to acknowledge',
    stopped,
  });
  rec.audit(who.actor, now, {
    action: 'page.acknowledged',
    targetType: 'page',
    targetId: page.id,
    incidentId: page.incidentId,
    data: { via, onBehalf: who.how === 'on-behalf', rule: run.ruleId, step: step.stepId },
  });
  if (page.incidentId) {
    await postToChatRoom(
      tx,
      deps,
      page.incidentId,
      `ack:${page.id}`,
      `${who.name} acknowledged (${run.ruleName}).`,
    );
  }
  await rec.flush();
  return { page: updated, alreadyAcknowledged: false, stopped };
}

/** Acknowledge through the API, CLI or web app. */
export function acknowledgePage(
  deps: EngineDeps,
  actor: Actor,
  pageId: string,
  input: { via: 'api' | 'cli' | 'web'; note?: string | undefined },
): Promise<AckResult> {
  return withTransaction(deps.db, async (tx) => {
    const page = await findPage(tx, pageId, true);
    if (!page) throw pageNotFound(pageId);
    const how = await mayAcknowledge(tx, actor, page);
    if (!how) throw pageNotFound(pageId);
    return acknowledgeInTx(tx, deps, page, { actor, name: actor.name, how }, input.via, input.note ?? null);
  });
}

/**
 * Acknowledge with a signed link (e-mail, SMS, webhook) or a chat button. The link stands for the page's
 * recipient; a chat button may also name who clicked it.
 */
export function acknowledgeByToken(
  deps: EngineDeps,
  token: string,
  via: 'link' | 'chat',
  clickedBy: string | null,
): Promise<AckResult> {
  const secret = deps.config.notifications.secretKey;
  const check = secret
    ? verifyAckToken(secret, token, deps.clock.now())
    : ({ ok: false, reason: 'malformed' } as const);
  if (!check.ok) {
    throw new AppError(
      'page.link_invalid',
      check.reason === 'expired'
        ? 'This acknowledgement link has expired. Acknowledge in Cordon or with: cordon pages ack ID'
        : 'This acknowledgement link is not valid.',
      { details: { reason: check.reason } },
    );
  }
  return withTransaction(deps.db, async (tx) => {
    const page = await findPage(tx, check.pageId, true);
    if (!page) throw new AppError('page.link_invalid', 'This acknowledgement link is not valid.');
    const user = page.userId ? await findUserById(tx, page.userId) : undefined;
    const actor = user && !user.disabledAt ? await actorForUser(tx, user, null) : systemActor();
    // Who clicked is named only when it is someone else than the person paged (a shared chat channel).
    const name =
      clickedBy && clickedBy !== page.recipientName
        ? `${page.recipientName} (${clickedBy})`
        : page.recipientName;
    return acknowledgeInTx(tx, deps, page, { actor, name, how: 'recipient' }, via, null);
  });
}
