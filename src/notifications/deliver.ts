import { systemActor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import type { BatchHandler, WorkOutcome } from '../platform/jobs/jobs.ts';
import { appendTimeline } from '../timeline/append.ts';
import { announceSubjects, type Subjects } from './announce.ts';
import type { ChannelConfig } from './channel-config.ts';
import { loadChannel } from './channels.ts';
import { isOutOfBand } from './out-of-band.ts';
import { sendDelivery } from './senders.ts';
import { type DeliveryRow, findDelivery, updateDelivery } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>;
type Outcome = 'delivered' | 'failed' | 'dead' | 'suppressed';

export interface DeliveryHooks {
  /** A delivery reached a final state (delivered, dead, suppressed): escalation checks reachability. */
  onFinal?: (tx: Tx, delivery: DeliveryRow) => Promise<void>;
}

/** Channels that stay allowed when an incident is out-of-band (besides the out-of-band mail server). */
const OUT_OF_BAND_CHANNELS = new Set(['sms', 'voice', 'app', 'queue']);
const CLAIMABLE = new Set(['queued', 'sending', 'retrying']);

/**
 * Collects what became of a batch's deliveries and writes it grouped: one timeline entry per incident and
 * outcome (listing each delivery: who, channel, attempt, error), one audit entry likewise. A P0 pages
 * several people through several channels; one chain append per incident instead of one per message keeps
 * the record complete and the chain locks short.
 */
class Outcomes {
  readonly #groups = new Map<
    string,
    { incidentId: string | null; kind: Outcome; items: Record<string, unknown>[] }
  >();
  readonly #tx: Tx;
  readonly #deps: Deps;
  readonly #hooks: DeliveryHooks;
  readonly #subjects: Subjects = { incidents: new Set(), events: new Set() };

  constructor(tx: Tx, deps: Deps, hooks: DeliveryHooks) {
    this.#tx = tx;
    this.#deps = deps;
    this.#hooks = hooks;
  }

  async add(d: DeliveryRow, kind: Outcome, extra: Record<string, unknown>): Promise<void> {
    const key = `${d.incidentId ?? ''}:${kind}`;
    const group = this.#groups.get(key) ?? { incidentId: d.incidentId, kind, items: [] };
    group.items.push({
      deliveryId: d.id,
      pageId: d.pageId,
      purpose: d.purpose,
      recipient: d.recipientName,
      channel: d.channel,
      via: d.channelKey,
      attempt: d.attempts,
      ...extra,
    });
    this.#groups.set(key, group);
    if (d.incidentId) this.#subjects.incidents.add(d.incidentId);
    else if (d.eventId) this.#subjects.events.add(d.eventId);
    if (kind !== 'failed' && this.#hooks.onFinal) await this.#hooks.onFinal(this.#tx, d);
  }

  async flush(): Promise<void> {
    const now = this.#deps.clock.now();
    const groups = [...this.#groups.values()];
    this.#groups.clear();
    for (const g of groups) {
      if (g.incidentId) {
        await appendTimeline(this.#tx, {
          incidentId: g.incidentId,
          kind: `notification.${g.kind}`,
          at: now,
          actorId: null,
          data: { deliveries: g.items },
        });
      }
    }
    // Live views (escalation panels, pages) show each delivery's status: tell them on commit.
    await announceSubjects(this.#tx, this.#subjects);
    // Audit entries last: the audit chain's head stays locked only until the commit that follows.
    for (const g of groups) {
      await appendAudit(this.#tx, systemActor(), now, {
        action: `notification.${g.kind}`,
        targetType: 'delivery',
        targetId: g.items.length === 1 ? String(g.items[0]?.deliveryId) : null,
        incidentId: g.incidentId,
        data: {
          deliveries: g.items.map((i) => ({
            id: i.deliveryId,
            channel: i.channel,
            via: i.via,
            attempt: i.attempt,
            ...('error' in i ? { error: i.error } : {}),
          })),
        },
      });
    }
  }
}

/**
 * Sends a batch of deliveries (the delivery queue's job handler). Each delivery is marked "sending" in one
 * transaction before its channel is called and "delivered" in another after, so a crash in between leaves
 * a visible trace; the job then runs again and sends with the same delivery id (Message-ID, reference),
 * which lets the receiver drop the duplicate. The batch's sends run concurrently (a P0 pages several
 * people at once); claims and outcomes are written one transaction each. A failure is retried with
 * backoff; the last one leaves the delivery dead (visible, on the timeline), never silently dropped.
 */
export function deliveryHandler(deps: Deps, hooks: DeliveryHooks): BatchHandler<{ deliveryId: string }> {
  return async (items): Promise<WorkOutcome[]> => {
    const claimed = await withTransaction(deps.db, async (tx) => {
      const outcomes = new Outcomes(tx, deps, hooks);
      const out: (DeliveryRow | null)[] = [];
      for (const item of items) {
        const d = await findDelivery(tx, item.data.deliveryId, true);
        if (!d || !CLAIMABLE.has(d.status)) {
          out.push(null);
          continue;
        }
        // Out-of-band may have been switched on after this was queued: it must not leave on a normal channel.
        if (d.incidentId && (await isOutOfBand(tx, d.incidentId))) {
          const allowed =
            OUT_OF_BAND_CHANNELS.has(d.channel) || (d.channel === 'email' && d.channelKey === 'smtp-oob');
          if (!allowed) {
            const reason = 'the incident went out-of-band';
            const updated = await updateDelivery(tx, d.id, { status: 'suppressed', lastError: reason });
            await outcomes.add(updated, 'suppressed', { reason });
            out.push(null);
            continue;
          }
        }
        out.push(
          await updateDelivery(tx, d.id, {
            status: 'sending',
            attempts: d.attempts + 1,
            lastAttemptAt: deps.clock.now(),
          }),
        );
      }
      await outcomes.flush();
      return out;
    });
    const n = deps.config.notifications;
    const channels = new Map<string, Promise<ChannelConfig | null>>();
    const channel = (key: string) => {
      let c = channels.get(key);
      if (!c) {
        c = loadChannel(deps.db, key, n.secretKey);
        channels.set(key, c);
      }
      return c;
    };
    const sent = await Promise.all(
      claimed.map(async (d) => {
        if (!d) return null;
        try {
          const c = d.channelKey ? await channel(d.channelKey) : null;
          if (!c) throw new Error(`the channel "${d.channelKey}" is no longer configured`);
          return {
            ok: true as const,
            providerRef: await sendDelivery(c, d, n.delivery.timeoutMs, deps.clock.now()),
          };
        } catch (e) {
          return { ok: false as const, error: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
    return withTransaction(deps.db, async (tx) => {
      const recorded = new Outcomes(tx, deps, hooks);
      const outcomes: WorkOutcome[] = [];
      for (const [i, item] of items.entries()) {
        const result = sent[i];
        if (!result) {
          outcomes.push('completed');
          continue;
        }
        const now = deps.clock.now();
        if (result.ok) {
          const d = await updateDelivery(tx, item.data.deliveryId, {
            status: 'delivered',
            deliveredAt: now,
            providerRef: result.providerRef,
            lastError: null,
          });
          await recorded.add(d, 'delivered', {});
          outcomes.push('completed');
        } else {
          const final = item.retryCount >= item.retryLimit;
          const d = await updateDelivery(tx, item.data.deliveryId, {
            status: final ? 'dead' : 'retrying',
            lastError: result.error,
          });
          await recorded.add(d, final ? 'dead' : 'failed', { error: result.error, willRetry: !final });
          outcomes.push(final ? 'deadletter' : 'failed');
        }
      }
      await recorded.flush();
      return outcomes;
    });
  };
}
