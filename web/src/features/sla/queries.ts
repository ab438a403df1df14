import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { NoSla, Sla, SlaState } from '../../api/types.ts';

/**
 * The remediation SLA as the server reads it (its clock decides, not the browser's). Keys sit under what live
 * notices invalidate (app/live.ts): the SLA timers announce the incident when it turns at risk or breached.
 * Time alone also moves the state, so the readings refresh each minute as a floor.
 */
export const incidentSlaQuery = (key: string) =>
  queryOptions({
    queryKey: ['incident', key, 'sla'],
    queryFn: () => get<Sla | NoSla>(`/incidents/${key}/sla`),
    refetchInterval: 60_000,
  });

export type SlaFilter = 'attention' | 'all';

export const STATES: Record<SlaFilter, SlaState[]> = {
  attention: ['breached', 'at_risk'],
  all: ['breached', 'at_risk', 'on_track'],
};

export const slaListQuery = (filter: SlaFilter) =>
  queryOptions({
    queryKey: ['sla', filter],
    queryFn: () => get<{ items: Sla[] }>('/sla', { state: STATES[filter].join(',') }),
    refetchInterval: 60_000,
  });

const ORDER: Record<SlaState, number> = { breached: 0, at_risk: 1, on_track: 2, met: 3 };

/** Breached first, then at risk, then on track; within each, the soonest due first. */
export const byUrgency = (a: Sla, b: Sla) =>
  ORDER[a.state] - ORDER[b.state] || a.dueAt.localeCompare(b.dueAt);
