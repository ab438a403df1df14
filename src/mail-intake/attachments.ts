import { asc, eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { eventAttachments, events } from '../intake/tables.ts';
import { AppError } from '../platform/errors.ts';
import { getEvent } from '../triage/list-events.ts';

/** The files that came with an event's reports, for whoever may see the event. @throws event.not_found */
export async function listAttachments(deps: Pick<AppDeps, 'db'>, actor: Actor, ref: string) {
  const event = await getEvent(deps, actor, ref);
  const rows = await deps.db
    .select({
      id: eventAttachments.id,
      filename: eventAttachments.filename,
      contentType: eventAttachments.contentType,
      size: eventAttachments.size,
      sha256: eventAttachments.sha256,
      receivedAt: eventAttachments.receivedAt,
      eventId: eventAttachments.eventId,
    })
    .from(eventAttachments)
    .innerJoin(events, eq(eventAttachments.eventId, events.id))
    .where(eq(events.ref, event.ref))
    .orderBy(asc(eventAttachments.receivedAt), asc(eventAttachments.filename));
  return rows.map(({ eventId: _, receivedAt, ...r }) => ({ ...r, receivedAt: receivedAt.toISOString() }));
}

/** One attachment's bytes. @throws event.not_found, attachment.not_found */
export async function readAttachment(deps: Pick<AppDeps, 'db'>, actor: Actor, ref: string, id: string) {
  const visible = await listAttachments(deps, actor, ref);
  if (!visible.some((a) => a.id === id))
    throw new AppError('attachment.not_found', 'No such attachment on this event.');
  const [row] = await deps.db.select().from(eventAttachments).where(eq(eventAttachments.id, id));
  if (!row) throw new AppError('attachment.not_found', 'No such attachment on this event.');
  return row;
}
