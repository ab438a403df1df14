import type { Clock } from '../../src/platform/clock.ts';

/** A clock tests move by hand ("advance 15 minutes"). */
export class FakeClock implements Clock {
  #now: number;
  constructor(start = '2026-03-02T09:00:00.000Z') {
    this.#now = Date.parse(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(iso: string): void {
    this.#now = Date.parse(iso);
  }
}

export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;
export const days = (n: number) => n * 86_400_000;
