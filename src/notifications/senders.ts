import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelConfig, ChannelOf } from './channel-config.ts';
import { hmacHex } from './secret-box.ts';
import type { DeliveryRow } from './store.ts';

/**
 * Hands one stored delivery to its channel. Resolves with the provider's reference (SMTP message id, Slack
 * message ts, gateway id) once the channel accepted it; throws with a readable reason otherwise. Every
 * request carries the delivery id (Message-ID, X-Cordon-Delivery, `reference`) so a receiver can drop
 * the duplicate that a crash between "sent" and "recorded" can cause.
 */
export async function sendDelivery(
  channel: ChannelConfig,
  d: DeliveryRow,
  timeoutMs: number,
  now: Date,
): Promise<string | null> {
  switch (channel.kind) {
    case 'smtp':
      return sendMail(channel, d, timeoutMs);
    case 'slack-webhook':
    case 'teams-webhook':
    case 'mattermost-webhook':
      await postJson(channel.url, payloadOf(d), {}, timeoutMs);
      return null;
    case 'slack-api': {
      const answer = await slackApi(
        channel,
        'chat.postMessage',
        { channel: d.address, ...payloadOf(d) },
        timeoutMs,
      );
      return typeof answer.ts === 'string' ? answer.ts : null;
    }
    case 'webhook': {
      const body = JSON.stringify({
        ...payloadOf(d),
        deliveryId: d.id,
        createdAt: d.createdAt.toISOString(),
      });
      // The signature's timestamp is the send time, so the receiver can refuse replays.
      const t = Math.floor(now.getTime() / 1000);
      await postRaw(
        channel.url,
        body,
        {
          'x-cordon-delivery': d.id,
          'x-cordon-signature': `t=${t},v1=${hmacHex(channel.secret, `${t}.${body}`)}`,
        },
        timeoutMs,
      );
      return null;
    }
    case 'sms-gateway': {
      const answer = await postJson(
        channel.url,
        { to: d.address, kind: d.payload.voice ? 'voice' : 'sms', message: d.body, reference: d.id },
        channel.token ? { authorization: `Bearer ${channel.token}` } : {},
        timeoutMs,
      );
      return typeof answer.id === 'string' ? answer.id : null;
    }
  }
}

function payloadOf(d: DeliveryRow): Record<string, unknown> {
  const { kind: _kind, voice: _voice, calendar: _calendar, ...rest } = d.payload;
  return rest;
}

const transports = new Map<string, { fingerprint: string; transport: Transporter }>();

function transportFor(c: ChannelOf<'smtp'>, timeoutMs: number): Transporter {
  const fingerprint = JSON.stringify([c.host, c.port, c.secure, c.user, c.password, timeoutMs]);
  const cached = transports.get(c.key);
  if (cached?.fingerprint === fingerprint) return cached.transport;
  cached?.transport.close();
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.secure,
    ...(c.user && c.password ? { auth: { user: c.user, pass: c.password } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Keep connections open between messages: a P0 pages several people at once.
    pool: true,
    maxConnections: 4,
  });
  transports.set(c.key, { fingerprint, transport });
  return transport;
}

async function sendMail(c: ChannelOf<'smtp'>, d: DeliveryRow, timeoutMs: number): Promise<string | null> {
  const calendar = d.payload.calendar as { method: 'REQUEST' | 'CANCEL'; ics: string } | undefined;
  const info = await transportFor(c, timeoutMs).sendMail({
    from: c.from,
    to: d.address ?? undefined,
    subject: d.subject,
    text: d.body,
    messageId: `<${d.id}@cordon>`,
    headers: { 'X-Cordon-Delivery': d.id, 'Auto-Submitted': 'auto-generated' },
    ...(calendar
      ? { icalEvent: { method: calendar.method, content: calendar.ics, filename: 'invite.ics' } }
      : {}),
  });
  return typeof info.messageId === 'string' ? info.messageId : null;
}

/** Closes pooled SMTP connections (at shutdown). */
export function closeSenders(): void {
  for (const { transport } of transports.values()) transport.close();
  transports.clear();
}

async function postRaw(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((error: unknown) => {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new Error(`${error instanceof Error ? error.message : String(error)}${cause}`);
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

async function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const text = await postRaw(url, JSON.stringify(payload), headers, timeoutMs);
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Calls a Slack Web API method; Slack answers 200 with `ok: false` on errors, which count as failures. */
export async function slackApi(
  c: ChannelOf<'slack-api'>,
  method: string,
  body: Record<string, unknown>,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const answer = await postJson(
    `${c.baseUrl}/${method}`,
    body,
    { authorization: `Bearer ${c.token}` },
    timeoutMs,
  );
  if (answer.ok !== true) throw new Error(`Slack ${method}: ${String(answer.error ?? 'not ok')}`);
  return answer;
}
