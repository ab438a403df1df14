import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { Comms } from '../app/api-types-escalation.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { resolveTargets } from '../directory/index.ts';
import { loadIncident } from '../incidents/index.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { appendTimeline } from '../timeline/append.ts';
import type { Notice } from './messages.ts';
import { notify } from './notify.ts';
import { findComms, saveComms } from './store.ts';
import { incidentTargetContext } from './subjects.ts';

export async function isOutOfBand(tx: Tx, incidentId: string): Promise<boolean> {
  return (await findComms(tx, incidentId))?.outOfBand ?? false;
}

export function getComms(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, key: string): Promise<Comms> {
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, { lock: false });
    const comms = await findComms(tx, row.id);
    return {
      incidentKey: row.key,
      outOfBand: comms?.outOfBand ?? false,
      reason: comms?.reason ?? null,
      changedAt: comms?.changedAt.toISOString() ?? null,
      changedBy: comms?.changedBy ?? null,
    };
  });
}

/**
 * Switches an incident to out-of-band mode, or back (incident-response-plan, Compromised Communications:
 * "an out-of-band solution will be chosen, and communicated to incident responders via mobile phone
 * messaging"). From then on nothing about it goes to chat, webhooks or the normal mail server; only the
 * SMS gateway, the separate mail server and the web app. The responders the special case names are told
 * through those channels. Who may switch is the special case's `appliedBy` (the Security Delegate).
 * @throws incident.not_found, auth.forbidden, incident.out_of_band_unchanged
 */
export function setOutOfBand(
  deps: Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'config'>,
  actor: Actor,
  key: string,
  input: { enabled: boolean; reason: string },
): Promise<Comms> {
  return withTransaction(deps.db, async (tx) => {
    const { row, policy } = await loadIncident(tx, actor, key, { lock: true });
    const special = policy.document.specialCases.find((c) => c.outOfBand);
    const allowed = special?.appliedBy ?? [];
    if (allowed.length > 0 && actor.kind !== 'system' && !actor.roles.some((r) => allowed.includes(r))) {
      throw new AppError(
        'auth.forbidden',
        `Only ${allowed.join(', ')} may switch an incident's communications (${special?.name ?? 'out-of-band'}).`,
        { details: { roles: allowed } },
      );
    }
    if (allowed.length === 0) assertCan(actor, 'incident.update');
    const current = await isOutOfBand(tx, row.id);
    if (current === input.enabled) {
      throw new AppError(
        'incident.out_of_band_unchanged',
        `${row.key} is already ${input.enabled ? 'out-of-band' : 'on its normal channels'}.`,
      );
    }
    const now = deps.clock.now();
    await saveComms(tx, {
      incidentId: row.id,
      outOfBand: input.enabled,
      reason: input.reason,
      changedBy: actor.userId,
      changedAt: now,
    });
    let told: { recipient: string; channel: string; status: string }[] = [];
    if (input.enabled && special) {
      const targets = special.notifyRoles.map((role) => ({ role }));
      const ctx = await incidentTargetContext(tx, row, now);
      const { recipients } = await resolveTargets(tx, policy.document, targets, ctx);
      const link = `${deps.config.notifications.baseUrl}/incidents/${row.key}`;
      const notice = (): Notice => ({
        purpose: 'out-of-band',
        subjectRef: row.key,
        headline: `${row.key} is now out-of-band: use only text messages, the out-of-band mail server and Cordon`,
        brief: `${row.key} is out-of-band; do not discuss it on chat or normal e-mail`,
        lines: [`Reason: ${input.reason}`, `Switched by ${actor.name}.`],
        link,
        ackUrl: null,
        ackToken: null,
        baseUrl: null,
        restricted: row.visibility === 'restricted',
        data: { incident: row.key, outOfBand: true },
      });
      const outcomes = await notify(tx, deps, {
        key: `oob:${row.id}:${now.getTime()}`,
        purpose: 'out-of-band',
        recipients,
        channels: ['sms', 'email', 'app'],
        notice,
        incidentId: row.id,
        eventId: null,
      });
      told = outcomes.map((o) => ({ recipient: o.recipient, channel: o.channel, status: o.status }));
    }
    await appendTimeline(tx, {
      incidentId: row.id,
      kind: input.enabled ? 'incident.out_of_band_enabled' : 'incident.out_of_band_disabled',
      at: now,
      actorId: actor.userId,
      data: { reason: input.reason, specialCase: special?.id ?? null, told },
    });
    await appendAudit(tx, actor, now, {
      action: input.enabled ? 'incident.out_of_band_enabled' : 'incident.out_of_band_disabled',
      targetType: 'incident',
      targetId: row.key,
      incidentId: row.id,
      data: { specialCase: special?.id ?? null },
    });
    await announceChange(tx, { kind: 'incident', key: row.key, id: row.id, visibility: row.visibility });
    return {
      incidentKey: row.key,
      outOfBand: input.enabled,
      reason: input.reason,
      changedAt: now.toISOString(),
      changedBy: actor.userId,
    };
  });
}
