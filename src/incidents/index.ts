/** The incidents feature's public surface; other features import only from here. */
export { addNote } from './add-note.ts';
export { assignRole, unassignRole } from './assign-role.ts';
export { changeSeverity } from './change-severity.ts';
export { declareIncident, declareIncidentInTx } from './declare-incident.ts';
export { getIncident } from './get-incident.ts';
export { getTimeline } from './get-timeline.ts';
export { listIncidents } from './list-incidents.ts';
export { loadIncident } from './load.ts';
export { type IncidentView, presentOne } from './present.ts';
export { getRca, writeRca } from './rca.ts';
export * as incidentSchemas from './schemas.ts';
export { findIncidentById, type IncidentRow } from './store.ts';
export { incidents as incidentsTable } from './tables.ts';
export { transitionIncident } from './transition-incident.ts';
export { updateIncident } from './update-incident.ts';
export { canSeeIncident, incidentNotFound, visibleIncidentsSql } from './visibility.ts';
