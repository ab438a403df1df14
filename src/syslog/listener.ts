import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { AlertIntake, AlertSourceRef, IngestItem } from '../alerts/index.ts';
import { GroupCommit } from '../alerts/index.ts';
import type { AppDeps } from '../app/deps.ts';
import { isAppError } from '../platform/errors.ts';
import { getActivePolicy, type PolicyVersion } from '../policy/versions.ts';
import { parseSyslog, splitFrames } from './parse.ts';
import { applySyslogRules } from './rules.ts';
import { insertUnparsed, type UnparsedLine } from './store.ts';

/** A syslog message larger than this is cut (and kept whole as unparsed): RFC 5424 asks for 2 KiB at least. */
const MAX_FRAME = 64 * 1024;
/** UDP cannot be slowed down: datagrams beyond this many waiting lines are dropped and counted. */
const MAX_UDP_WAITING = 20_000;
const MAX_TCP_CONNECTIONS = 200;

export interface SyslogStats {
  received: number;
  alerts: number;
  unparsed: number;
  ignored: number;
  dropped: number;
}

export interface SyslogListener {
  udpPort: number | null;
  tcpPort: number | null;
  stats: SyslogStats;
  close(): Promise<void>;
}

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Syslog intake (RFC 5424 and 3164, UDP and TCP). Lines that match a parse rule become alerts through the
 * same group commit as HTTP alerts; the rest are counted and kept in `syslog_unparsed`. TCP is slowed
 * down (the socket pauses) while its lines commit, so nothing is lost on a busy server; UDP cannot be, so
 * its overflow is counted as dropped.
 */
export async function startSyslog(
  deps: Deps,
  config: { host: string; udpPort: number | null; tcpPort: number | null },
  source: AlertSourceRef,
  intake: AlertIntake,
  log: FastifyBaseLogger,
): Promise<SyslogListener> {
  const stats: SyslogStats = { received: 0, alerts: 0, unparsed: 0, ignored: 0, dropped: 0 };
  const unparsedWriter = new GroupCommit<UnparsedLine, null>(
    async (rows) => {
      await insertUnparsed(deps.db, rows);
      return rows.map(() => null);
    },
    { maxQueue: 100_000, maxBatch: 2_000 },
  );
  // The active policy is cached per process and refreshed on activation (policy/versions.ts).
  const activePolicy = (): Promise<PolicyVersion> => getActivePolicy(deps.db);

  const submitUntilTaken = async (items: IngestItem[]) => {
    for (;;) {
      try {
        await intake.submit(items);
        return;
      } catch (error) {
        if (!isAppError(error) || error.code !== 'intake.overloaded') throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  const handle = async (frames: Buffer[], transport: 'udp' | 'tcp', peer: string) => {
    const now = deps.clock.now();
    const p = await activePolicy();
    const routing = p.document.routing;
    const alerts: IngestItem[] = [];
    const kept: UnparsedLine[] = [];
    for (const frame of frames) {
      stats.received += 1;
      const decoded = frame.toString('utf8');
      const exact = Buffer.from(decoded, 'utf8').equals(frame);
      // PostgreSQL text cannot hold NUL; the exact bytes are kept in base64 whenever the text differs.
      const text = decoded.replaceAll('\u0000', '\uFFFD');
      const keep = (reason: string) =>
        kept.push({
          receivedAt: now,
          transport,
          peer,
          reason,
          line: text,
          rawBase64: exact && text === decoded ? null : frame.toString('base64'),
          bytes: frame.length,
        });
      const msg = frame.length > MAX_FRAME ? null : parseSyslog(text, now);
      if (!msg) {
        keep('unparsed');
        continue;
      }
      const result = applySyslogRules(p.version, routing?.syslog.rules ?? [], msg);
      if (result.kind === 'alert')
        alerts.push({ source, format: 'syslog', alert: result.alert, requestId: null });
      else if (result.kind === 'invalid') keep(`invalid:${result.rule}`);
      else if ((routing?.syslog.unmatched ?? 'keep') === 'keep') keep('no-rule');
      else stats.ignored += 1;
    }
    await Promise.all([submitUntilTaken(alerts), unparsedWriter.submit(kept)]);
    stats.alerts += alerts.length;
    stats.unparsed += kept.length;
  };

  let udpPort: number | null = null;
  let tcpPort: number | null = null;
  const closers: (() => Promise<void>)[] = [];

  if (config.udpPort !== null) {
    const udp = createSocket({ type: config.host.includes(':') ? 'udp6' : 'udp4' });
    let waiting: { frame: Buffer; peer: string }[] = [];
    let inFlight = 0;
    const flush = () => {
      const batch = waiting;
      waiting = [];
      if (batch.length === 0) return;
      inFlight += batch.length;
      handle(
        batch.map((b) => b.frame),
        'udp',
        batch[0]?.peer ?? '',
      )
        .catch((error: unknown) => {
          stats.dropped += batch.length;
          log.error({ err: error }, 'syslog: could not store UDP messages');
        })
        .finally(() => {
          inFlight -= batch.length;
        });
    };
    udp.on('message', (msg, rinfo) => {
      if (inFlight + waiting.length >= MAX_UDP_WAITING) {
        stats.dropped += 1;
        return;
      }
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ frame: msg, peer: `${rinfo.address}:${rinfo.port}` });
    });
    udp.on('error', (error) => log.error({ err: error }, 'syslog UDP listener error'));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(config.udpPort ?? 0, config.host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    udpPort = udp.address().port;
    closers.push(async () => {
      await new Promise<void>((r) => udp.close(() => r()));
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    });
  }

  if (config.tcpPort !== null) {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
      let rest: Buffer = Buffer.alloc(0);
      let chain = Promise.resolve();
      const process = (frames: Buffer[]) => {
        if (frames.length === 0) return;
        socket.pause();
        chain = chain
          .then(() => handle(frames, 'tcp', peer))
          .catch((error: unknown) => {
            log.error({ err: error }, 'syslog: could not store TCP messages; closing the connection');
            socket.destroy();
          })
          .finally(() => socket.resume());
      };
      socket.on('data', (chunk: Buffer) => {
        const split = splitFrames(rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk, MAX_FRAME);
        rest = split.rest;
        process(split.frames);
      });
      socket.on('end', () => {
        if (rest.length > 0) process([rest]);
        rest = Buffer.alloc(0);
      });
    });
    server.maxConnections = MAX_TCP_CONNECTIONS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.tcpPort ?? 0, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    tcpPort = typeof address === 'object' && address ? address.port : null;
    closers.push(async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.end();
      setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, 2000).unref();
      await closed;
    });
  }

  return {
    udpPort,
    tcpPort,
    stats,
    close: async () => {
      for (const close of closers) await close();
      await unparsedWriter.close();
    },
  };
}
