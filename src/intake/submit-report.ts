import type { Actor } from '../access/actor.ts';
import { findUserById } from '../access/store.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { announceChange } from '../platform/changes.ts';
import { nextCounterValue } from '../platform/db/counters.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { newId } from '../platform/ids.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { type EventView, presentEvents } from './present.ts';
import type { SubmitReportInput } from './schemas.ts';
import { insertEvent, insertReport } from './store.ts';
import type { Reporter } from './tables.ts';

/**
 * Records a report as received and opens an event awaiting triage. Anyone signed in may report
 * ("If a Company employee or contractor becomes aware … they shall immediately report"). Customer
 * Success may file on behalf of a customer: the customer is the reporter, the agent is who filed it, and
 * the event is routed to the team the policy names ("customer incidents are forwarded to DevOps").
 */
export function submitReport(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  input: SubmitReportInput,
): Promise<EventView> {
  return withTransaction(deps.db, async (tx) => {
    const policy = await getActivePolicy(tx);
    const now = deps.clock.now();
    const me = actor.userId ? await findUserById(tx, actor.userId) : undefined;
    const reporter: Reporter = input.reporter
      ? {
          name: input.reporter.name,
          email: input.reporter.email ?? null,
          phone: input.reporter.phone ?? null,
          userId: null,
        }
      : { name: me?.name ?? actor.name, email: me?.email ?? null, phone: null, userId: actor.userId };
    const year = now.getUTCFullYear();
    const seq = await nextCounterValue(tx, `event:${year}`);
    const event = await insertEvent(tx, {
      id: newId(),
      ref: `EVT-${year}-${String(seq).padStart(6, '0')}`,
      status: 'awaiting_triage',
      source: input.channel,
      title: input.title,
      description: input.description,
      observedAt: input.observedAt ? new Date(input.observedAt) : null,
      details: {
        ...(input.where ? { where: input.where } : {}),
        ...(input.systems ? { systems: input.systems } : {}),
        ...(input.accounts ? { accounts: input.accounts } : {}),
        ...(input.othersAware ? { othersAware: input.othersAware } : {}),
        ...(input.howDetected ? { howDetected: input.howDetected } : {}),
      },
      reporter,
      filedBy: actor.userId,
      onBehalfOfCustomer: input.onBehalfOfCustomer,
      suspectedBreach: input.suspectedBreach,
      routedToTeam: input.onBehalfOfCustomer ? (policy.document.intake.customerReportsTeam ?? null) : null,
      firstSeenAt: now,
      lastSeenAt: now,
      createdAt: now,
    });
    await insertReport(tx, {
      id: newId(),
      eventId: event.id,
      channel: input.channel,
      reporter,
      filedBy: actor.userId,
      body: input,
      receivedAt: now,
    });
    await appendAudit(tx, actor, now, {
      action: 'event.reported',
      targetType: 'event',
      targetId: event.ref,
      data: {
        channel: input.channel,
        onBehalfOfCustomer: input.onBehalfOfCustomer,
        suspectedBreach: input.suspectedBreach,
      },
    });
    await announceChange(tx, { kind: 'event', ref: event.ref, incidentId: null });
    const [view] = await presentEvents(tx, [event], new Map());
    if (!view) throw new Error('present returned nothing');
    return view;
  });
}
