import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDue,
  formatDuration,
  formatRelative,
  formatTime,
  renderFields,
  renderTable,
  summarizeData,
  truncate,
} from './table.ts';

type Row = { key: string; count: number; title: string | null };

const columns = [
  { header: 'KEY', value: (r: Row) => r.key },
  { header: 'N', value: (r: Row) => r.count, align: 'right' as const },
  { header: 'TITLE', value: (r: Row) => r.title, maxWidth: 12 },
];

describe('renderTable', () => {
  it('aligns every column under its header and leaves no trailing spaces', () => {
    const out = renderTable<Row>(
      [
        { key: 'INC-2026-0001', count: 7, title: 'Phishing' },
        { key: 'INC-2026-0012', count: 120, title: 'Root account used' },
      ],
      columns,
    );
    assert.equal(
      out,
      [
        'KEY              N  TITLE',
        'INC-2026-0001    7  Phishing',
        'INC-2026-0012  120  Root accoun…',
        '',
      ].join('\n'),
    );
    for (const line of out.split('\n')) assert.equal(line, line.trimEnd());
  });

  it('shows empty cells as a dash and flattens newlines', () => {
    const out = renderTable<Row>([{ key: 'a', count: 0, title: null }], columns);
    assert.match(out, /^a\s+0\s+-$/m);
    const multi = renderTable<Row>([{ key: 'b\nc', count: 1, title: 'x' }], columns);
    assert.match(multi, /^b c\s+1\s+x$/m);
  });

  it('prints the empty message alone for no rows', () => {
    assert.equal(renderTable<Row>([], columns, '(no incidents)'), '(no incidents)\n');
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to the width, ellipsis included', () => {
    assert.equal(truncate('short', 10), 'short');
    assert.equal(truncate('exactly10!', 10), 'exactly10!');
    assert.equal(truncate('longer than ten', 10), 'longer th…');
    assert.equal([...truncate('ääääääääääää', 5)].length, 5);
  });
});

describe('renderFields', () => {
  it('aligns values, skips empty ones and indents continuation lines', () => {
    const out = renderFields([
      ['Key', 'INC-2026-0007'],
      ['Owner team', null],
      ['Roles', 'security-delegate: Ann\nincident-commander: Bob'],
      ['Count', 0],
    ]);
    assert.equal(
      out,
      [
        'Key:   INC-2026-0007',
        'Roles: security-delegate: Ann',
        '       incident-commander: Bob',
        'Count: 0',
        '',
      ].join('\n'),
    );
  });
});

describe('times', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('formats API times in UTC to the minute', () => {
    assert.equal(formatTime('2026-03-01T14:30:59.123Z'), '2026-03-01 14:30 UTC');
    assert.equal(formatTime('2026-03-01T15:30:00+01:00'), '2026-03-01 14:30 UTC');
    assert.equal(formatTime(null), '-');
  });

  it('gives durations in their two largest units', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(40_000), '40s');
    assert.equal(formatDuration((13 * 24 + 4) * 3_600_000 + 59_000), '13d 4h');
    assert.equal(formatDuration(2 * 3_600_000 + 5 * 60_000), '2h 5m');
    assert.equal(formatDuration(24 * 3_600_000 + 30_000), '1d');
  });

  it('says how long is left on an SLA, or how long it is overdue', () => {
    assert.equal(formatDue('2026-03-15T12:00:00Z', now), '2026-03-15 12:00 UTC (in 14d)');
    assert.equal(formatDue('2026-03-01T10:00:00Z', now), '2026-03-01 10:00 UTC (OVERDUE by 2h)');
    assert.equal(formatDue('2026-03-01T10:00:00Z', now, true), '2026-03-01 10:00 UTC');
    assert.equal(formatRelative('2026-03-01T11:00:00Z', now), '1h ago');
  });
});

describe('summarizeData', () => {
  it('prints simple values bare and quotes the rest', () => {
    assert.equal(
      summarizeData({ from: 'triage', to: 'containment', reason: 'host isolated', n: 2, none: null }),
      'from=triage to=containment reason="host isolated" n=2',
    );
    assert.equal(summarizeData({ systems: ['a', 'b'] }), 'systems=["a","b"]');
  });
});
