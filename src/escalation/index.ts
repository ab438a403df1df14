/** The escalation feature's public surface: the engine (dispatcher, timers, deliveries) and its routes. */
export { acknowledgePage } from './acknowledge.ts';
export { type Engine, startEngine } from './engine.ts';
export { escalationRoutes } from './routes.ts';
