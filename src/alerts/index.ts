/** The alerts feature's public surface: detection tools' alerts, their sources, and group commit. */

export { GroupCommit } from '../platform/db/group-commit.ts';
export { fromGeneric, severityFromWord } from './adapters.ts';
export { AlertIntake } from './alert-intake.ts';
export { ingestAlerts } from './ingest-alerts.ts';
export { alertRoutes, fieldErrors } from './routes.ts';
export { genericAlertSchema } from './schemas.ts';
export { findSourceByName, insertSource } from './store.ts';
export type { AlertFormat, AlertSourceRef, IngestItem, IngestOutcome, NormalizedAlert } from './types.ts';
