import { systemActor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { COVER_END_TIMER, onCoverEnd } from '../directory/index.ts';
import { MEETING_TIMER, meetingReactions, onMeetingInvite } from '../meetings/index.ts';
import {
  CHAT_ROOM_QUEUE,
  chatRoomHandler,
  closeSenders,
  DEAD_DELIVERY_QUEUE,
  DELIVERY_QUEUE,
  deliveryHandler,
  syncEnvChannels,
} from '../notifications/index.ts';
import type { Database } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import type { Jobs } from '../platform/jobs/jobs.ts';
import { onSlaTimer, SLA_TIMER, slaReactions } from '../sla/index.ts';
import { ACK_TIMEOUT_TIMER, onAckTimeout, onStepStart, STEP_START_TIMER } from './chain.ts';
import { AuditDispatcher } from './dispatcher.ts';
import type { EngineDeps } from './page-step.ts';
import { onDeliveryFinal } from './reachability.ts';
import { escalationReactions } from './reactions.ts';
import { roomUpdateReactions } from './room-updates.ts';

export interface Engine {
  readonly dispatcher: AuditDispatcher;
  /**
   * Does everything that is due now, until nothing is: reads the audit log, fires timers due by the
   * clock (`deps.clock`, a fake one in tests), runs ready deliveries. For processes without workers, the
   * CLI and tests; worker processes do the same continuously.
   */
  drain(): Promise<{ dispatched: number; timers: number; jobs: number }>;
  startWorkers(database: Database): Promise<void>;
  stop(): Promise<void>;
}

type Log = (message: string, error: unknown) => void;

/** Wires escalation, notifications, SLA clocks, meetings and on-call cover onto the job runtime. */
export async function startEngine(deps: AppDeps & { jobs: Jobs }, log: Log): Promise<Engine> {
  const engineDeps: EngineDeps = deps;
  const { jobs } = deps;
  const n = deps.config.notifications;
  await syncEnvChannels(deps.db, n, deps.clock.now());

  jobs.onTimer(ACK_TIMEOUT_TIMER, (t) => onAckTimeout(engineDeps, t));
  jobs.onTimer(STEP_START_TIMER, (t) => onStepStart(engineDeps, t));
  jobs.onTimer(SLA_TIMER, (t) => onSlaTimer(engineDeps, t));
  jobs.onTimer(MEETING_TIMER, (t) => onMeetingInvite(engineDeps, t));
  jobs.onTimer(COVER_END_TIMER, (t) => onCoverEnd(engineDeps, t));
  await jobs.defineQueue(
    {
      name: DELIVERY_QUEUE,
      retryLimit: n.delivery.retries,
      retryDelay: n.delivery.retrySeconds,
      retryDelayMax: 3600,
      // A send that outlives this is presumed lost with its worker and is tried again.
      expireInSeconds: Math.ceil((n.delivery.timeoutMs * 3) / 1000) + 30,
      deadLetter: DEAD_DELIVERY_QUEUE,
      batchSize: 20,
      concurrency: 2,
    },
    deliveryHandler(deps, { onFinal: (tx, d) => onDeliveryFinal(tx, engineDeps, d) }),
  );
  await jobs.defineQueue(
    {
      name: CHAT_ROOM_QUEUE,
      retryLimit: 5,
      retryDelay: 30,
      retryDelayMax: 600,
      expireInSeconds: 120,
      batchSize: 5,
    },
    chatRoomHandler(deps),
  );

  const dispatcher = new AuditDispatcher(deps.db, async (error, entry) => {
    log(`escalation: giving up on audit entry ${entry.seq} (${entry.action})`, error);
    await withTransaction(deps.db, (tx) =>
      appendAudit(tx, systemActor(), deps.clock.now(), {
        action: 'escalation.dispatch_failed',
        targetType: entry.targetType,
        targetId: entry.targetId,
        incidentId: entry.incidentId,
        data: {
          seq: entry.seq,
          action: entry.action,
          error: error instanceof Error ? error.message : String(error),
        },
      }),
    );
  });
  for (const [action, reaction, relevant] of escalationReactions(engineDeps))
    dispatcher.on(action, reaction, relevant);
  for (const [action, reaction] of [
    ...slaReactions(engineDeps),
    ...meetingReactions(engineDeps),
    ...roomUpdateReactions(engineDeps),
  ]) {
    dispatcher.on(action, reaction);
  }

  let workers = false;
  return {
    dispatcher,
    async drain() {
      const total = { dispatched: 0, timers: 0, jobs: 0 };
      for (let i = 0; i < 50; i++) {
        const dispatched = await dispatcher.runOnce();
        const timers = await jobs.runDueTimers(deps.clock.now());
        const ran = (await jobs.runReady(DELIVERY_QUEUE)) + (await jobs.runReady(CHAT_ROOM_QUEUE));
        total.dispatched += dispatched;
        total.timers += timers;
        total.jobs += ran;
        if (dispatched + timers + ran === 0) break;
      }
      return total;
    },
    async startWorkers(database) {
      workers = true;
      await jobs.startWorkers();
      await dispatcher.start(database, 1000, (error) =>
        log('escalation: dispatch failed, will retry', error),
      );
    },
    async stop() {
      if (workers) await dispatcher.stop();
      await jobs.stop();
      closeSenders();
    },
  };
}
