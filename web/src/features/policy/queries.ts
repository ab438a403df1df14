import { queryOptions, useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { PolicyDocument, PolicyVersion, PolicyVersionSummary } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';

export const activePolicyQuery = queryOptions({
  queryKey: ['policy', 'active'],
  queryFn: () => get<PolicyVersion>('/policy'),
  staleTime: 5 * 60_000,
});

/** A stored version never changes, so it is fetched once. */
export const policyVersionQuery = (version: number) =>
  queryOptions({
    queryKey: ['policy', 'version', version],
    queryFn: () => get<PolicyVersion>(`/policy/versions/${version}`),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const policyVersionsQuery = queryOptions({
  queryKey: ['policy', 'versions'],
  queryFn: () => get<{ items: PolicyVersionSummary[] }>('/policy/versions'),
});

export function useActivePolicy() {
  return useQuery(activePolicyQuery);
}

/** Severity colours by rank (0 = most severe), dark enough for white text. */
const RANK_COLORS: string[] = [COLORS.critical, COLORS.high, COLORS.medium, COLORS.low, COLORS.neutral];

export function severityColor(doc: PolicyDocument | undefined, key: string): string {
  const rank = doc?.severities.find((s) => s.key === key)?.rank;
  return rank === undefined ? 'gray.7' : (RANK_COLORS[Math.min(rank, RANK_COLORS.length - 1)] ?? 'gray.7');
}

export const nameOf = (list: { key: string; name: string }[] | undefined, key: string | null | undefined) =>
  key ? (list?.find((x) => x.key === key)?.name ?? key) : '—';
