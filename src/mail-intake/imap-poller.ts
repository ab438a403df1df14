import type { FastifyBaseLogger } from 'fastify';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { AppDeps } from '../app/deps.ts';
import type { Acknowledger } from './acknowledge.ts';
import { firstAddress, isAutomatic } from './mail-text.ts';
import { receiveMail } from './receive-mail.ts';

/** Messages taken per poll at most, so one huge mailbox cannot hold a poll for long. */
const PER_POLL = 200;

export interface ImapPoller {
  /** One poll now (tests, and the timer); resolves with how many messages were stored. */
  pollOnce(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The alternative to the SMTP listener: polls an existing mailbox (e.g. security@ on the company's mail
 * server) over IMAP. Unseen messages become events exactly as mailed ones; a message is flagged \Seen
 * only after its event is committed, and Message-IDs make a second look at it harmless.
 */
export function startImapPoller(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  config: { url: string; pollSeconds: number; addresses: string[] },
  acknowledger: Acknowledger | null,
  log: FastifyBaseLogger,
): ImapPoller {
  const url = new URL(config.url);
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  const secure = url.protocol === 'imaps:';
  let running: Promise<number> | null = null;

  const poll = async (): Promise<number> => {
    const client = new ImapFlow({
      host: url.hostname,
      port: Number(url.port) || (secure ? 993 : 143),
      secure,
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      logger: false,
    });
    client.on('error', (error: unknown) => log.warn({ err: error }, 'IMAP intake connection error'));
    await client.connect();
    let stored = 0;
    try {
      const lock = await client.getMailboxLock(mailbox);
      try {
        const found = await client.search({ seen: false }, { uid: true });
        const uids = (Array.isArray(found) ? found : []).slice(0, PER_POLL);
        for (const uid of uids) {
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (message === false || !message.source) continue;
          const raw = message.source;
          const mail = await simpleParser(raw, { skipImageLinks: true });
          const received = await receiveMail(deps, mail, raw, 'imap');
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          if (received.outcome !== 'duplicate') stored += 1;
          const from = firstAddress(mail.from)?.address ?? null;
          if (received.outcome === 'new' && acknowledger && !isAutomatic(mail, from, config.addresses)) {
            await acknowledger.send(received);
          }
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return stored;
  };

  const pollOnce = () => {
    running ??= poll().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    pollOnce().catch((error: unknown) => log.warn({ err: error }, 'IMAP intake poll failed; will retry'));
  }, config.pollSeconds * 1000);
  timer.unref();
  return {
    pollOnce,
    close: async () => {
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
