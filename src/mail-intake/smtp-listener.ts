import type { FastifyBaseLogger } from 'fastify';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AppDeps } from '../app/deps.ts';
import type { Acknowledger } from './acknowledge.ts';
import { firstAddress, isAutomatic } from './mail-text.ts';
import { receiveMail } from './receive-mail.ts';

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * The security address's own SMTP listener. It never relays: recipients outside CORDON_INTAKE_ADDRESSES
 * are refused, and a message is answered 250 only after its event is committed (a 4xx tells the sending
 * server to try again later, so nothing is lost when the database is busy).
 */
export async function startSmtpIntake(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  config: { host: string; port: number; addresses: string[]; maxBytes: number },
  acknowledger: Acknowledger | null,
  log: FastifyBaseLogger,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    name: 'cordon',
    banner: 'Cordon security intake',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: config.maxBytes,
    maxClients: 50,
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (config.addresses.length > 0 && !config.addresses.includes(to)) {
        callback(smtpError(550, `5.1.1 <${to}>: not a security intake address`));
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= config.maxBytes) chunks.push(chunk);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > config.maxBytes) {
          callback(smtpError(552, `5.3.4 message larger than ${config.maxBytes} bytes`));
          return;
        }
        const raw = Buffer.concat(chunks);
        void (async () => {
          try {
            const mail = await simpleParser(raw, { skipImageLinks: true });
            const received = await receiveMail(deps, mail, raw, 'smtp');
            callback(null, `2.0.0 recorded as ${received.ref}`);
            const from = firstAddress(mail.from)?.address ?? null;
            if (received.outcome === 'new' && acknowledger && !isAutomatic(mail, from, config.addresses)) {
              await acknowledger.send(received);
            }
          } catch (error) {
            log.error({ err: error }, 'mail intake: could not store a message; the sender will retry');
            callback(smtpError(451, '4.3.0 temporary failure storing the message, try again later'));
          }
        })();
      });
    },
  });
  server.on('error', (error) => log.error({ err: error }, 'SMTP intake error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : config.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
