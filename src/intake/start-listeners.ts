import type { FastifyBaseLogger } from 'fastify';
import type { AlertIntake } from '../alerts/index.ts';
import type { AppConfig } from '../app/config.ts';
import type { AppDeps } from '../app/deps.ts';
import { type Acknowledger, smtpAcknowledger } from '../mail-intake/acknowledge.ts';
import { type ImapPoller, startImapPoller } from '../mail-intake/imap-poller.ts';
import { startSmtpIntake } from '../mail-intake/smtp-listener.ts';
import { ensureSyslogSource } from '../syslog/ensure-source.ts';
import { type SyslogListener, startSyslog } from '../syslog/listener.ts';

export interface IntakeListeners {
  syslog: SyslogListener | null;
  smtpPort: number | null;
  imap: ImapPoller | null;
  close(): Promise<void>;
}

/**
 * Starts the intake listeners the configuration asks for (each is off unless its port or URL is set):
 * syslog over UDP/TCP, the SMTP listener for the security address, IMAP polling of a mailbox.
 */
export async function startIntakeListeners(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  config: AppConfig['intake'],
  alerts: AlertIntake,
  log: FastifyBaseLogger,
): Promise<IntakeListeners> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
  };
  try {
    let syslog: SyslogListener | null = null;
    if (config.syslogUdpPort !== null || config.syslogTcpPort !== null) {
      const source = await ensureSyslogSource(deps, config.syslogSource);
      if (source) {
        syslog = await startSyslog(
          deps,
          { host: config.syslogHost, udpPort: config.syslogUdpPort, tcpPort: config.syslogTcpPort },
          source,
          alerts,
          log,
        );
        closers.push(syslog.close);
      } else {
        log.warn(`syslog intake is off: the alert source "${config.syslogSource}" is revoked`);
      }
    }
    const acknowledger: Acknowledger | null =
      config.replyUrl && config.mailFrom ? smtpAcknowledger(config.replyUrl, config.mailFrom, log) : null;
    let smtpPort: number | null = null;
    if (config.smtpPort !== null) {
      const smtp = await startSmtpIntake(
        deps,
        {
          host: config.smtpHost,
          port: config.smtpPort,
          addresses: config.addresses,
          maxBytes: config.maxMailBytes,
        },
        acknowledger,
        log,
      );
      smtpPort = smtp.port;
      closers.push(smtp.close);
    }
    let imap: ImapPoller | null = null;
    if (config.imapUrl) {
      imap = startImapPoller(
        deps,
        { url: config.imapUrl, pollSeconds: config.imapPollSeconds, addresses: config.addresses },
        acknowledger,
        log,
      );
      closers.push(imap.close);
    }
    return { syslog, smtpPort, imap, close };
  } catch (error) {
    await close();
    throw error;
  }
}
