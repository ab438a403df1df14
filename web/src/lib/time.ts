/** Times shown to people: absolute in their locale, relative as "3 h 12 min ago", countdowns to a deadline. */

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : absolute.format(d);
}

/** A duration in words, two units at most: "2 d 4 h", "17 min", "45 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s % 60} s`;
}

export function age(iso: string, now: number): string {
  return `${formatDuration(now - new Date(iso).getTime())} ago`;
}

export type Countdown = { text: string; state: 'ok' | 'soon' | 'overdue'; fraction: number };

/** Time left until a remediation deadline; "soon" in the last quarter of the window. */
export function countdown(dueIso: string, startIso: string, now: number): Countdown {
  const due = new Date(dueIso).getTime();
  const start = new Date(startIso).getTime();
  const left = due - now;
  const window = Math.max(1, due - start);
  const fraction = Math.min(1, Math.max(0, (now - start) / window));
  if (left <= 0) return { text: `overdue by ${formatDuration(-left)}`, state: 'overdue', fraction: 1 };
  return { text: `${formatDuration(left)} left`, state: fraction >= 0.75 ? 'soon' : 'ok', fraction };
}

/** Value for <input type="datetime-local"> in the browser's zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
