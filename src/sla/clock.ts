/** The SLA clock as pure rules (no database, no clock): tested exhaustively. */

import type { SlaState } from '../app/api-types-operations.ts';

export type { SlaState };

export interface SlaInput {
  startedAt: Date;
  dueAt: Date;
  closedAt: Date | null;
  /** Per cent of the window at which the incident is at risk, e.g. [50, 75, 90]. */
  warnAt: readonly number[];
}

export interface SlaReading {
  state: SlaState;
  /** Share of the window used, 0–100+ (frozen at closure). */
  percentUsed: number;
  remainingMs: number;
  /** The thresholds and when each is (or was) reached. */
  thresholds: { percent: number; at: Date; passed: boolean }[];
}

export const thresholdAt = (startedAt: Date, dueAt: Date, percent: number): Date =>
  new Date(startedAt.getTime() + ((dueAt.getTime() - startedAt.getTime()) * percent) / 100);

/** on track → at risk (first threshold passed) → breached (due passed); met when closed by the due time. */
export function readSla(input: SlaInput, now: Date): SlaReading {
  const end = input.closedAt ?? now;
  const window = Math.max(1, input.dueAt.getTime() - input.startedAt.getTime());
  const percentUsed = Math.round(((end.getTime() - input.startedAt.getTime()) / window) * 1000) / 10;
  const thresholds = [...input.warnAt]
    .sort((a, b) => a - b)
    .map((percent) => {
      const at = thresholdAt(input.startedAt, input.dueAt, percent);
      return { percent, at, passed: at <= end };
    });
  let state: SlaState;
  if (input.closedAt) state = input.closedAt <= input.dueAt ? 'met' : 'breached';
  else if (now >= input.dueAt) state = 'breached';
  else if (thresholds.some((t) => t.passed)) state = 'at_risk';
  else state = 'on_track';
  return { state, percentUsed, remainingMs: input.dueAt.getTime() - end.getTime(), thresholds };
}
