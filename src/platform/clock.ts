/** The only source of time in features (DESIGN.md: time comes from deps.clock). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
