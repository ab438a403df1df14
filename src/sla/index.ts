/** The SLA feature's public surface: remediation clocks on the incident, reminders and breach notices. */
export { readSla, type SlaState } from './clock.ts';
export { slaReactions } from './reactions.ts';
export { getSla } from './read-sla.ts';
export { slaRoutes } from './routes.ts';
export { onSlaTimer, SLA_TIMER } from './sla-clock.ts';
export { findClock } from './store.ts';
