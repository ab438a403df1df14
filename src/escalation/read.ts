import type { Actor } from '../access/actor.ts';
import { assertCan, can } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { findPersonByUserId, teamsOfPerson } from '../directory/index.ts';
import { canSeeIncident, findIncidentById, loadIncident } from '../incidents/index.ts';
import { findEventSubject } from '../notifications/index.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { type PageView, presentPages, presentRuns } from './present.ts';
import { findPage, listPageRows, type PageRow, pagesOfRuns, runsOfSubject, stepsOfRuns } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/** The steps of the pages' runs, so each page says which step of its rule paged it. */
async function stepsOf(tx: Parameters<typeof stepsOfRuns>[0], pages: PageRow[]) {
  const steps = await stepsOfRuns(tx, [...new Set(pages.map((p) => p.runId))]);
  return new Map(steps.map((s) => [s.id, s]));
}

/** Pages: the actor's own (`mine`), or all they may see, newest first. */
export function listPages(
  deps: Deps,
  actor: Actor,
  q: {
    state?: 'open' | 'acknowledged' | undefined;
    mine: boolean;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<{ items: PageView[]; nextCursor: string | null }> {
  return withTransaction(deps.db, async (tx) => {
    let userIds: string[] | undefined;
    let teamKeys: string[] | undefined;
    if (q.mine || !(can(actor, 'incident.read') || can(actor, 'event.read'))) {
      userIds = actor.userId ? [actor.userId] : [];
      const person = actor.userId ? await findPersonByUserId(tx, actor.userId) : undefined;
      teamKeys = person ? await teamsOfPerson(tx, person.id) : [];
    }
    const rows = await listPageRows(tx, {
      state: q.state,
      userIds,
      teamKeys,
      before: q.cursor ? Number(q.cursor) : undefined,
      limit: q.limit,
    });
    const items = await presentPages(tx, actor, rows, await stepsOf(tx, rows));
    const last = rows[rows.length - 1];
    return { items, nextCursor: rows.length === q.limit && last ? String(last.ord) : null };
  });
}

export function getPage(deps: Deps, actor: Actor, id: string): Promise<PageView> {
  return withTransaction(deps.db, async (tx) => {
    const row = await findPage(tx, id);
    const [view] = row ? await presentPages(tx, actor, [row], await stepsOf(tx, [row])) : [];
    if (!view) throw new AppError('page.not_found', `There is no page ${id} for you.`);
    return view;
  });
}

async function escalationsOf(
  tx: Parameters<typeof runsOfSubject>[0],
  actor: Actor,
  where: { incidentId?: string; eventId?: string },
) {
  const runs = await runsOfSubject(tx, where);
  const steps = await stepsOfRuns(
    tx,
    runs.map((r) => r.id),
  );
  const pages = await pagesOfRuns(
    tx,
    runs.map((r) => r.id),
  );
  const views = await presentPages(tx, actor, pages, new Map(steps.map((s) => [s.id, s])));
  const byStep = new Map<string, string[]>();
  for (const p of pages) byStep.set(p.stepRowId, [...(byStep.get(p.stepRowId) ?? []), p.id]);
  return { items: presentRuns(runs, steps, views, byStep) };
}

/** Who was paged for an incident, how, what became of each delivery, who acknowledged, what escalated. */
export function incidentEscalations(deps: Deps, actor: Actor, key: string) {
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, {
      lock: false,
      audit: { action: 'incident.escalations_read', at: deps.clock.now() },
    });
    return escalationsOf(tx, actor, { incidentId: row.id });
  });
}

export function eventEscalations(deps: Deps, actor: Actor, ref: string) {
  assertCan(actor, 'event.read');
  return withTransaction(deps.db, async (tx) => {
    const event = await findEventSubject(tx, ref.toUpperCase());
    const notFound = () =>
      new AppError('event.not_found', `Event ${ref} does not exist or you are not allowed to see it.`);
    if (!event) throw notFound();
    // An event inside a restricted incident is as restricted as the incident (need-to-know).
    const incident = event.incidentId ? await findIncidentById(tx, event.incidentId) : undefined;
    if (incident && !(await canSeeIncident(tx, actor, (await getActivePolicy(tx)).document, incident)))
      throw notFound();
    return escalationsOf(tx, actor, { eventId: event.id });
  });
}
