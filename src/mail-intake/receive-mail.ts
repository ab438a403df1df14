import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { systemActor } from '../access/actor.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { findIncidentById } from '../incidents/index.ts';
import { findEventByRef, insertEvent, insertReport } from '../intake/store.ts';
import { events, type Reporter } from '../intake/tables.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { nextCounterValue } from '../platform/db/counters.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { newId, sha256Hex } from '../platform/ids.ts';
import { getActivePolicy } from '../policy/versions.ts';
import { appendTimeline } from '../timeline/append.ts';
import { bodyText, EVENT_TAG, firstAddress, normalizeMessageId, oneLine, threadIds } from './mail-text.ts';
import {
  findEventForThread,
  findMailMessage,
  findUserByEmail,
  insertAttachments,
  insertMailMessages,
  touchEvent,
} from './store.ts';

export interface ReceivedMail {
  ref: string;
  /** new: a new event; reply: added to an existing event; duplicate: this Message-ID was stored before. */
  outcome: 'new' | 'reply' | 'duplicate';
  /** The Message-ID Cordon's acknowledgement must carry (so a reply to it threads), for new events. */
  acknowledgementId: string | null;
  from: { address: string; name: string } | null;
  subject: string;
  messageId: string;
  references: string[];
}

/**
 * A report by e-mail (SMTP listener or IMAP polling). Sender, subject, body and attachments (kept with
 * their SHA-256) become an event; a reply to a message about an event (In-Reply-To/References, or the
 * `[EVT-…]` tag from the same sender) lands on that event instead. Mail from a Customer Success agent is
 * a report on behalf of a customer, routed to the policy's customer-reports team ("customer incidents are
 * forwarded to DevOps"). Idempotent per Message-ID, so a mailbox polled twice stores a message once.
 */
export function receiveMail(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  mail: ParsedMail,
  raw: Buffer,
  channel: 'smtp' | 'imap',
): Promise<ReceivedMail> {
  return withTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const messageId = normalizeMessageId(mail.messageId) ?? `<sha256-${sha256Hex(raw)}@cordon.invalid>`;
    const from = firstAddress(mail.from);
    const subject = oneLine(mail.subject, 300);
    const references = threadIds(mail);
    const base = { from, subject, messageId, references };
    const seen = await findMailMessage(tx, messageId);
    if (seen) {
      const ref = await eventRefById(tx, seen.eventId);
      return { ...base, ref, outcome: 'duplicate', acknowledgementId: null };
    }
    let event = await findEventForThread(tx, references);
    const tagged = EVENT_TAG.exec(subject)?.[1];
    if (!event && tagged && from) {
      const candidate = await findEventByRef(tx, tagged);
      if (candidate && candidate.reporter.email === from.address) event = candidate;
    }
    const attachments = (mail.attachments ?? []).map((a) => ({
      id: newId(),
      filename: oneLine(a.filename, 255) || 'attachment',
      contentType: oneLine(a.contentType, 255) || 'application/octet-stream',
      size: a.content.length,
      sha256: sha256Hex(a.content),
      content: a.content,
    }));
    const body = {
      channel,
      from: from?.address ?? null,
      fromName: from?.name ?? null,
      subject,
      messageId,
      date: mail.date?.toISOString() ?? null,
      text: bodyText(mail, 50_000),
      attachments: attachments.map(({ filename, contentType, size, sha256 }) => ({
        filename,
        contentType,
        size,
        sha256,
      })),
    };
    if (event) {
      const reportId = await storeReport(tx, event.id, event.reporter, event.filedBy, body, now);
      await insertAttachments(
        tx,
        attachments.map((a) => ({ ...a, eventId: event.id, reportId, receivedAt: now })),
      );
      await insertMailMessages(tx, [{ messageId, eventId: event.id, direction: 'in', at: now }]);
      await touchEvent(tx, event.id, now);
      const incident = event.incidentId ? await findIncidentById(tx, event.incidentId) : undefined;
      if (incident?.isOpen) {
        await appendTimeline(tx, {
          incidentId: incident.id,
          kind: 'event.email_reply',
          at: now,
          actorId: null,
          data: {
            eventRef: event.ref,
            from: from?.address ?? null,
            subject,
            attachments: attachments.length,
          },
        });
      }
      await appendAudit(tx, systemActor(), now, {
        action: 'event.reply_received',
        targetType: 'event',
        targetId: event.ref,
        incidentId: incident?.id ?? null,
        data: { channel: 'email', from: from?.address ?? null, attachments: attachments.length },
      });
      await announceChange(tx, { kind: 'event', ref: event.ref, incidentId: event.incidentId });
      return { ...base, ref: event.ref, outcome: 'reply', acknowledgementId: null };
    }
    const policy = await getActivePolicy(tx);
    const sender = from ? await findUserByEmail(tx, from.address) : undefined;
    const customerRoles = policy.document.routing?.email.onBehalfOfCustomerRoles ?? [];
    const onBehalf = sender?.roles.some((r) => customerRoles.includes(r)) ?? false;
    // On behalf of a customer, the customer is the reporter (Reply-To when the agent set it) and the
    // agent is who filed it, as with the web form.
    const customer = onBehalf ? firstAddress(mail.replyTo) : null;
    const reporter: Reporter = onBehalf
      ? {
          name: customer?.name || customer?.address || 'Customer',
          email: customer?.address ?? null,
          phone: null,
          userId: null,
        }
      : {
          name: from?.name || from?.address || null,
          email: from?.address ?? null,
          phone: null,
          userId: sender?.id ?? null,
        };
    const year = now.getUTCFullYear();
    const seq = await nextCounterValue(tx, `event:${year}`);
    const ref = `EVT-${year}-${String(seq).padStart(6, '0')}`;
    const created = await insertEvent(tx, {
      id: newId(),
      ref,
      status: 'awaiting_triage',
      source: 'email',
      title: subject || '(no subject)',
      description: body.text || '(no text)',
      observedAt: mail.date && Number.isFinite(mail.date.getTime()) ? mail.date : null,
      details: {},
      reporter,
      filedBy: sender?.id ?? null,
      onBehalfOfCustomer: onBehalf,
      suspectedBreach: false,
      routedToTeam: onBehalf ? (policy.document.intake.customerReportsTeam ?? null) : null,
      firstSeenAt: now,
      lastSeenAt: now,
      createdAt: now,
    });
    const reportId = await storeReport(tx, created.id, reporter, sender?.id ?? null, body, now);
    await insertAttachments(
      tx,
      attachments.map((a) => ({ ...a, eventId: created.id, reportId, receivedAt: now })),
    );
    const acknowledgementId = `<${ref.toLowerCase()}.${randomBytes(6).toString('hex')}@cordon>`;
    await insertMailMessages(tx, [
      { messageId, eventId: created.id, direction: 'in', at: now },
      { messageId: acknowledgementId, eventId: created.id, direction: 'out', at: now },
    ]);
    await appendAudit(tx, systemActor(), now, {
      action: 'event.reported',
      targetType: 'event',
      targetId: ref,
      data: {
        channel: 'email',
        onBehalfOfCustomer: onBehalf,
        suspectedBreach: false,
        attachments: attachments.length,
      },
    });
    await announceChange(tx, { kind: 'event', ref, incidentId: null });
    return { ...base, ref, outcome: 'new', acknowledgementId };
  });
}

async function storeReport(
  tx: Tx,
  eventId: string,
  reporter: Reporter,
  filedBy: string | null,
  body: Record<string, unknown>,
  now: Date,
): Promise<string> {
  const id = newId();
  await insertReport(tx, { id, eventId, channel: 'email', reporter, filedBy, body, receivedAt: now });
  return id;
}

async function eventRefById(tx: Tx, id: string): Promise<string> {
  const [row] = await tx.select({ ref: events.ref }).from(events).where(eq(events.id, id));
  return row?.ref ?? '';
}
