import type { Actor } from '../access/actor.ts';
import { can } from '../access/can.ts';
import { findUserById } from '../access/store.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { findIncidentById } from '../incidents/index.ts';
import { announceChange } from '../platform/changes.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId, sha256Hex } from '../platform/ids.ts';
import { appendTimeline } from '../timeline/append.ts';
import { getEvent } from '../triage/list-events.ts';
import { findEventByRef, insertReport } from './store.ts';
import { eventAttachments, type Reporter } from './tables.ts';

const MAX_FILENAME = 200;
const MAX_EXTENSION = 20;

/** A file as the client sent it: its name and type are only what the client declared. */
export interface IncomingFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The same shape as `GET /events/{ref}/attachments` items. */
export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  receivedAt: string;
}

/**
 * The name kept for an uploaded file: only its last path segment, without control or invisible formatting
 * characters (a right-to-left override makes `invoice‮fdp.exe` read as `invoiceexe.pdf`), without leading
 * dots, capped in length with the extension kept. Never used as a path; downloads send it as a hint only.
 */
export function safeFilename(declared: string): string {
  const base = declared.toWellFormed().normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const chars = [...cleaned];
  if (chars.length <= MAX_FILENAME) return cleaned || 'attachment';
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? [...cleaned.slice(dot)] : [];
  const keep = ext.length > 1 && ext.length <= MAX_EXTENSION ? ext : [];
  return (
    chars
      .slice(0, MAX_FILENAME - keep.length)
      .join('')
      .trimEnd() + keep.join('')
  );
}

/**
 * The declared media type, reduced to `type/subtype` when it is one; anything else is recorded as
 * `application/octet-stream`. It is kept for the record only: downloads are always sent as
 * `application/octet-stream` attachments, whatever the client claimed.
 */
export function declaredContentType(declared: string): string {
  const essence = (declared.split(';')[0] ?? '').trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(essence)
    ? essence
    : 'application/octet-stream';
}

/** Who may add files: anyone who sees it while it awaits triage, its reporter or filer, and triagers. */
function assertMayAttach(
  actor: Actor,
  event: { ref: string; status: string; filedBy: string | null; reporterUserId: string | null },
): void {
  const mine =
    actor.userId !== null && (event.filedBy === actor.userId || event.reporterUserId === actor.userId);
  if (event.status === 'awaiting_triage' || mine || can(actor, 'event.triage')) return;
  throw new AppError(
    'event.already_disposed',
    `Event ${event.ref} was already ${event.status.replace('_', ' ')}; only its reporter or a triager can add files now.`,
    { details: { status: event.status } },
  );
}

/**
 * Adds a file to an event, kept as received with its SHA-256 ("act as a good witness … attachments";
 * DESIGN.md: evidence carries a SHA-256). Whoever may see the event may attach while it awaits triage;
 * its reporter (or who filed it) also afterwards; triagers to any event they can see. The upload is
 * recorded as a report of its own (channel `upload`, filed by the uploader), as an e-mail reply with
 * files is, so the attachment names who added it. When the event is part of an open incident, the
 * incident's timeline records the file too.
 *
 * `receive` reads the file from the request: it runs only once the caller may attach, so an invisible
 * event costs no upload, and before the transaction, so no transaction waits on a slow client.
 * @throws event.not_found (also when the event is not visible), event.already_disposed, attachment.empty,
 *   and whatever `receive` throws
 */
export async function attachFile(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  ref: string,
  receive: () => Promise<IncomingFile>,
): Promise<AttachmentView> {
  // The visibility rule (reporters see their own events, triagers all but those of restricted
  // incidents hidden from them) is triage's; a hidden event answers exactly like a missing one.
  const seen = await getEvent(deps, actor, ref);
  assertMayAttach(actor, {
    ref: seen.ref,
    status: seen.status,
    filedBy: seen.filedBy?.id ?? null,
    reporterUserId: seen.reporter.userId,
  });
  const file = await receive();
  if (file.content.length === 0) throw new AppError('attachment.empty', 'The file is empty.');
  return withTransaction(deps.db, async (tx) => {
    // Checked again under the row lock: the event may have been disposed or hidden during the upload.
    const event = await findEventByRef(tx, seen.ref, true);
    await getEvent({ db: tx }, actor, seen.ref);
    if (!event) throw new AppError('event.not_found', `Event ${ref} does not exist.`);
    assertMayAttach(actor, { ...event, reporterUserId: event.reporter.userId });
    const now = deps.clock.now();
    const me = actor.userId ? await findUserById(tx, actor.userId) : undefined;
    const uploader: Reporter = {
      name: me?.name ?? actor.name,
      email: me?.email ?? null,
      phone: null,
      userId: actor.userId,
    };
    const meta = {
      filename: safeFilename(file.filename),
      contentType: declaredContentType(file.contentType),
      size: file.content.length,
      sha256: sha256Hex(file.content),
    };
    const reportId = newId();
    await insertReport(tx, {
      id: reportId,
      eventId: event.id,
      channel: 'upload',
      reporter: uploader,
      filedBy: actor.userId,
      body: { attachment: meta },
      receivedAt: now,
    });
    const id = newId();
    await tx.insert(eventAttachments).values({
      id,
      eventId: event.id,
      reportId,
      ...meta,
      content: file.content,
      receivedAt: now,
    });
    const incident = event.incidentId ? await findIncidentById(tx, event.incidentId) : undefined;
    if (incident?.isOpen) {
      await appendTimeline(tx, {
        incidentId: incident.id,
        kind: 'event.attachment_added',
        at: now,
        actorId: actor.userId,
        data: { eventRef: event.ref, attachmentId: id, ...meta },
      });
    }
    await appendAudit(tx, actor, now, {
      action: 'event.attachment_added',
      targetType: 'event',
      targetId: event.ref,
      incidentId: incident?.id ?? null,
      data: { attachmentId: id, ...meta },
    });
    await announceChange(tx, { kind: 'event', ref: event.ref, incidentId: event.incidentId });
    if (incident?.isOpen) {
      await announceChange(tx, {
        kind: 'incident',
        key: incident.key,
        id: incident.id,
        visibility: incident.visibility,
      });
    }
    return { id, ...meta, receivedAt: now.toISOString() };
  });
}
