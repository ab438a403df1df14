import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import { oneLine } from './mail-text.ts';
import type { ReceivedMail } from './receive-mail.ts';

export interface Acknowledger {
  send(received: ReceivedMail): Promise<void>;
}

/**
 * Replies to a reporter with the event's reference, after the event is committed. The reply carries the
 * Message-ID stored with the event, so an answer to it lands on the same event. Headers are built by
 * nodemailer from one-line values: a subject with CR/LF cannot add headers of its own.
 */
export function smtpAcknowledger(url: string, from: string, log: FastifyBaseLogger): Acknowledger {
  const transport = nodemailer.createTransport(url);
  return {
    async send(r) {
      if (!r.from || !r.acknowledgementId) return;
      const subject = `[${r.ref}] ${oneLine(r.subject, 200) || 'Your report'}`;
      try {
        await transport.sendMail({
          from,
          to: r.from.address,
          subject: subject.startsWith('Re:') ? subject : `Re: ${subject}`,
          messageId: r.acknowledgementId,
          inReplyTo: r.messageId,
          references: [...r.references.slice(0, 20).reverse(), r.messageId],
          headers: { 'Auto-Submitted': 'auto-replied' },
          text: [
            `Thank you for your report. It is recorded as ${r.ref} and is awaiting triage by the security team.`,
            '',
            'Reply to this message to add details or files: they will be added to the same event.',
            'Please include what you observed, where and when ("act as a good witness").',
          ].join('\n'),
        });
      } catch (error) {
        log.warn({ err: error, ref: r.ref }, 'mail intake: the acknowledgement could not be sent');
      }
    },
  };
}
