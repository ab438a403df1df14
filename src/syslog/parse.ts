/**
 * Syslog message parsing: RFC 5424 and RFC 3164 (BSD), and the TCP framings of RFC 6587 (octet counting
 * and newline-delimited). Never throws: a line that is not syslog returns null and is kept as unparsed.
 */

export interface SyslogMessage {
  facility: number;
  /** 0 emergency … 7 debug. */
  severity: number;
  timestamp: Date | null;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: string;
  message: string;
  format: 'rfc5424' | 'rfc3164';
}

export const SYSLOG_SEVERITY_NAMES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'info',
  'debug',
];

const RFC5424 =
  /^<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (.*))?$/s;
const RFC3164 = /^<(\d{1,3})>([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) (\S+) (.*)$/s;
const TAG = /^([^\s:[\]]{1,64})(?:\[([^\]]{0,32})\])?: ?(.*)$/s;

const nil = (v: string | undefined): string => (v === undefined || v === '-' ? '' : v);

export function parseSyslog(line: string, receivedAt: Date): SyslogMessage | null {
  const text = line.replace(/\r?\n$/, '');
  const m5 = RFC5424.exec(text);
  if (m5) {
    const pri = Number(m5[1]);
    if (pri > 191) return null;
    const t = m5[3] === '-' ? Number.NaN : Date.parse(m5[3] ?? '');
    return {
      facility: pri >> 3,
      severity: pri & 7,
      timestamp: Number.isFinite(t) ? new Date(t) : null,
      hostname: nil(m5[4]),
      appName: nil(m5[5]),
      procId: nil(m5[6]),
      msgId: nil(m5[7]),
      structuredData: nil(m5[8]),
      // A UTF-8 byte order mark may start the MSG part (RFC 5424 6.4).
      message: (m5[9] ?? '').replace(/^\uFEFF/, ''),
      format: 'rfc5424',
    };
  }
  const m3 = RFC3164.exec(text);
  if (m3) {
    const pri = Number(m3[1]);
    if (pri > 191) return null;
    const rest = m3[4] ?? '';
    const tag = TAG.exec(rest);
    return {
      facility: pri >> 3,
      severity: pri & 7,
      // BSD timestamps have no year or zone: read in the receiver's year, UTC.
      timestamp: bsdTime(m3[2] ?? '', receivedAt),
      hostname: m3[3] ?? '',
      appName: tag?.[1] ?? '',
      procId: tag?.[2] ?? '',
      msgId: '',
      structuredData: '',
      message: tag ? (tag[3] ?? '') : rest,
      format: 'rfc3164',
    };
  }
  return null;
}

function bsdTime(stamp: string, receivedAt: Date): Date | null {
  const t = Date.parse(`${stamp} ${receivedAt.getUTCFullYear()} UTC`);
  return Number.isFinite(t) ? new Date(t) : null;
}

/**
 * Splits a TCP stream into messages: octet-counted frames (`LEN SP MSG`) or newline-delimited lines,
 * whichever each frame starts with. Returns the messages and what is left for the next chunk; a frame
 * longer than `max` is cut and returned whole so nothing is held without bound.
 */
export function splitFrames(buffer: Buffer, max: number): { frames: Buffer[]; rest: Buffer } {
  const frames: Buffer[] = [];
  let at = 0;
  while (at < buffer.length) {
    const counted = /^([1-9]\d{0,5}) /.exec(buffer.subarray(at, at + 8).toString('latin1'));
    // An octet count larger than any message we take is not trusted: the frame is read as a line instead,
    // so one lying count cannot swallow the valid messages behind it.
    if (counted?.[1] && buffer[at + counted[0].length] === 0x3c && Number(counted[1]) <= max) {
      const len = Number(counted[1]);
      const start = at + counted[0].length;
      if (buffer.length - start < len) break;
      frames.push(buffer.subarray(start, start + len));
      at = start + len;
      continue;
    }
    const nl = buffer.indexOf(0x0a, at);
    if (nl === -1) {
      if (buffer.length - at > max) {
        frames.push(buffer.subarray(at));
        return { frames, rest: Buffer.alloc(0) };
      }
      break;
    }
    if (nl > at) frames.push(buffer.subarray(at, nl));
    at = nl + 1;
  }
  return { frames, rest: buffer.subarray(at) };
}
