/** Plain-text output for people: aligned tables, label/value blocks and readable times. */

export type Column<T> = {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Longer cells are cut with an ellipsis. */
  maxWidth?: number;
  align?: 'left' | 'right';
};

const GAP = '  ';

/** Cuts `text` to `width` characters, marking the cut with an ellipsis; newlines become spaces. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const chars = [...flat];
  if (chars.length <= width) return flat;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

const cell = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? '-' : String(value);

const width = (text: string): number => [...text].length;

function pad(text: string, size: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Renders rows as an aligned table with a header line. Empty cells show as `-`; the last column is
 * not padded so lines carry no trailing spaces. An empty list renders as `empty` alone.
 */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], empty = '(none)'): string {
  if (rows.length === 0) return `${empty}\n`;
  const body = rows.map((row) =>
    columns.map((col) => {
      const text = cell(col.value(row));
      return col.maxWidth === undefined ? text.replace(/\s*\n\s*/g, ' ') : truncate(text, col.maxWidth);
    }),
  );
  const header = columns.map((col) => col.header);
  const widths = columns.map((_, i) =>
    Math.max(width(header[i] ?? ''), ...body.map((r) => width(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((text, i) => {
        const last = i === cells.length - 1;
        const align = columns[i]?.align ?? 'left';
        return last && align === 'left' ? text : pad(text, widths[i] ?? 0, align);
      })
      .join(GAP)
      .trimEnd();
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}

export type Field = readonly [label: string, value: string | number | null | undefined];

/** Renders `label: value` lines with aligned values, skipping empty values. */
export function renderFields(fields: readonly Field[]): string {
  const shown = fields.filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (shown.length === 0) return '';
  const labelWidth = Math.max(...shown.map(([label]) => width(label))) + 1;
  const indent = ' '.repeat(labelWidth + 1);
  return shown
    .map(([label, value]) => {
      const [first, ...rest] = String(value).split('\n');
      const head = `${pad(`${label}:`, labelWidth, 'left')} ${first ?? ''}`.trimEnd();
      return [head, ...rest.map((l) => `${indent}${l}`.trimEnd())].join('\n');
    })
    .join('\n')
    .concat('\n');
}

/** `2026-03-01T14:30:05.123Z` → `2026-03-01 14:30 UTC`. Times from the API are UTC. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A duration in the two largest units: `13d 4h`, `2h 5m`, `40s`. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const parts: [number, string][] = [
    [Math.floor(total / 86_400), 'd'],
    [Math.floor((total % 86_400) / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'm'],
    [total % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

/** `in 13d 4h` or `2h 5m ago`, relative to `now`. */
export function formatRelative(iso: string, now: number): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const diff = at - now;
  return diff >= 0 ? `in ${formatDuration(diff)}` : `${formatDuration(diff)} ago`;
}

/** A deadline with how long is left, or how long it is overdue. */
export function formatDue(iso: string | null, now: number, closed = false): string {
  if (!iso) return '-';
  const at = new Date(iso).getTime();
  if (closed || Number.isNaN(at)) return formatTime(iso);
  const left = at - now;
  return left >= 0
    ? `${formatTime(iso)} (in ${formatDuration(left)})`
    : `${formatTime(iso)} (OVERDUE by ${formatDuration(left)})`;
}

/** A one-line view of a JSON object for timeline and audit data: `to=containment reason="…"`. */
export function summarizeData(data: unknown): string {
  if (data === null || data === undefined) return '';
  if (typeof data !== 'object') return String(data);
  return Object.entries(data as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => {
      if (typeof v === 'string') return /^[\w.:@/-]+$/.test(v) ? `${k}=${v}` : `${k}=${JSON.stringify(v)}`;
      return `${k}=${JSON.stringify(v)}`;
    })
    .join(' ');
}

/** People are shown by username, falling back to the id. */
export const who = (user: { username?: string; id: string } | null | undefined): string =>
  user ? (user.username ?? user.id) : 'system';
