import type { AddressObject, ParsedMail } from 'mailparser';

/** Strips what a subject or name must not carry into a title or a reply header (CR, LF, other controls). */
export const oneLine = (s: string | undefined, max: number): string =>
  (s ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);

/** Text for the event description: the plain part, else the HTML part as text; never NUL. */
export function bodyText(mail: ParsedMail, max: number): string {
  const text = mail.text ?? (typeof mail.html === 'string' ? mail.html.replace(/<[^>]*>/g, ' ') : '');
  return text.replaceAll('\u0000', '').trim().slice(0, max);
}

export function firstAddress(
  field: AddressObject | AddressObject[] | undefined,
): { address: string; name: string } | null {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  for (const group of list) {
    for (const a of group.value) {
      if (a.address && /^[^\s@<>]{1,200}@[^\s@<>]{1,200}$/.test(a.address)) {
        return { address: a.address.toLowerCase(), name: oneLine(a.name, 200) };
      }
    }
  }
  return null;
}

/** Message-IDs as compared and stored: `<id@host>`, lower-cased, at most 500 characters. */
export function normalizeMessageId(id: string | undefined): string | null {
  const v = oneLine(id, 500).toLowerCase();
  if (!v) return null;
  return v.startsWith('<') ? v : `<${v}>`;
}

/** In-Reply-To and References, newest first: where a reply says what it answers. */
export function threadIds(mail: ParsedMail): string[] {
  const refs = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  const ids = [mail.inReplyTo, ...refs.reverse()]
    .map(normalizeMessageId)
    .filter((x): x is string => x !== null);
  return [...new Set(ids)].slice(0, 50);
}

export const EVENT_TAG = /\[(EVT-\d{4}-\d{6,})\]/i;

/**
 * RFC 3834: never answer automatic mail (auto-replies, bounces, lists), or mail loops between Cordon and
 * another robot.
 */
export function isAutomatic(mail: ParsedMail, from: string | null, ownAddresses: string[]): boolean {
  const header = (name: string) => {
    const v = mail.headers.get(name);
    return typeof v === 'string' ? v.toLowerCase() : v ? JSON.stringify(v).toLowerCase() : '';
  };
  const auto = header('auto-submitted');
  if (auto && auto !== 'no') return true;
  if (/bulk|junk|list/.test(header('precedence'))) return true;
  if (mail.headers.has('list-id') || mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond'))
    return true;
  if (!from) return true;
  if (/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/.test(from)) return true;
  return ownAddresses.includes(from);
}
