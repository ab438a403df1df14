import { deriveKey, hmacHex, safeEqual } from '../notifications/index.ts';

/**
 * Signed acknowledgement links: `<page id>.<expiry, unix seconds>.<HMAC-SHA256>`, keyed by a key derived
 * from CORDON_SECRET_KEY. The link proves its holder received the page; it expires, and only acknowledges
 * (opening it shows a confirmation, so a mail scanner following links acknowledges nothing).
 */
export function signAckToken(secret: string, pageId: string, expiresAt: Date): string {
  const body = `${pageId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${body}.${hmacHex(deriveKey(secret, 'ack-links'), body).slice(0, 32)}`;
}

export type TokenCheck =
  | { ok: true; pageId: string }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export function verifyAckToken(secret: string, token: string, now: Date): TokenCheck {
  const match = /^([0-9a-f-]{36})\.(\d{1,12})\.([0-9a-f]{32})$/.exec(token);
  if (!match?.[1] || !match[2] || !match[3]) return { ok: false, reason: 'malformed' };
  const expected = hmacHex(deriveKey(secret, 'ack-links'), `${match[1]}.${match[2]}`).slice(0, 32);
  if (!safeEqual(expected, match[3])) return { ok: false, reason: 'forged' };
  if (Number(match[2]) * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, pageId: match[1] };
}
