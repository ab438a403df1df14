import { type AddressInfo, createServer } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the receiver got it: envelope, headers, text and any calendar invitation. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string;
  deliveryId: string | null;
  /** The text/calendar part (an iCalendar invitation), when there is one. */
  calendar: string | null;
  receivedAt: number;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server), parsing what it receives with mailparser: the test double
 * for a company mail server. `failNext(n)` answers the next n messages with a 451 (temporary failure).
 */
export class SmtpReceiver {
  readonly messages: ReceivedMail[] = [];
  /** Mailboxes that do not exist here: RCPT TO answers 550, as a real server does. */
  readonly unknownMailboxes = new Set<string>();
  readonly #server: SMTPServer;
  #failures = 0;
  #port = 0;

  private constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
      onRcptTo: (address, _session, callback) => {
        if (this.unknownMailboxes.has(address.address))
          return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        callback();
      },
      onData: (stream, session, callback) => {
        if (this.#failures > 0) {
          this.#failures--;
          stream.resume();
          stream.on('end', () =>
            callback(Object.assign(new Error('try again later'), { responseCode: 451 })),
          );
          return;
        }
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            this.messages.push(
              toReceived(
                mail,
                session.envelope.rcptTo.map((r) => r.address),
              ),
            );
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
  }

  static async start(): Promise<SmtpReceiver> {
    const r = new SmtpReceiver();
    r.#port = await freePort();
    await new Promise<void>((resolve) => r.#server.listen(r.#port, '127.0.0.1', resolve));
    return r;
  }

  get port(): number {
    return this.#port;
  }

  failNext(n: number): void {
    this.#failures = n;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function toReceived(mail: ParsedMail, to: string[]): ReceivedMail {
  const header = mail.headers.get('x-cordon-delivery');
  const calendar = mail.attachments.find(
    (a) =>
      a.contentType.includes('calendar') || a.contentType.includes('ics') || a.filename?.endsWith('.ics'),
  );
  const ics = calendar?.content.toString('utf8');
  return {
    to,
    from: mail.from?.text ?? '',
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    messageId: mail.messageId ?? '',
    deliveryId: typeof header === 'string' ? header : null,
    calendar: ics ?? null,
    receivedAt: Date.now(),
  };
}

/** A free TCP port on 127.0.0.1 (bound and released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
