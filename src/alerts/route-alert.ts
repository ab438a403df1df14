import { hash } from 'node:crypto';
import { canonicalJson } from '../platform/chain.ts';
import type { Routing } from '../policy/schema.ts';
import type { PolicyVersion } from '../policy/versions.ts';
import type { AlertSeverity, IngestItem, NormalizedAlert } from './types.ts';

/** What the policy's routing decided for one alert, and which rule decided it. */
export interface RoutingDecision {
  rule: string | null;
  type: string | null;
  severity: string | null;
  team: string | null;
  action: 'suggest' | 'promote' | 'dismiss';
  dismissReason: string | null;
}

type Rule = Routing['rules'][number];
interface CompiledRule {
  rule: Rule;
  hosts: RegExp | null;
  title: RegExp | null;
}
const EMPTY_ROUTING: Routing = {
  rules: [],
  severityMap: {},
  correlation: { entities: ['host', 'account', 'ip', 'hash'] },
  syslog: { rules: [], unmatched: 'keep' },
  email: { onBehalfOfCustomerRoles: [] },
};

export const routingOf = (policy: PolicyVersion): Routing => policy.document.routing ?? EMPTY_ROUTING;

/** Policy versions never change, so their compiled patterns are kept by version. */
const compiled = new Map<number, CompiledRule[]>();
function rulesOf(policy: PolicyVersion): CompiledRule[] {
  let rules = compiled.get(policy.version);
  if (!rules) {
    rules = routingOf(policy).rules.map((rule) => ({
      rule,
      hosts: rule.match.hosts ? new RegExp(rule.match.hosts, 'iu') : null,
      title: rule.match.title ? new RegExp(rule.match.title, 'iu') : null,
    }));
    compiled.set(policy.version, rules);
  }
  return rules;
}

function matches(c: CompiledRule, item: IngestItem): boolean {
  const m = c.rule.match;
  const a = item.alert;
  if (m.sources && !m.sources.includes(item.source.name)) return false;
  if (m.formats && !m.formats.includes(item.format)) return false;
  if (m.severities && !m.severities.includes(a.severity)) return false;
  if (m.labels) {
    for (const [name, want] of Object.entries(m.labels)) {
      const have = a.labels[name];
      if (have === undefined || (Array.isArray(want) ? !want.includes(have) : want !== have)) return false;
    }
  }
  if (c.hosts) {
    const re = c.hosts;
    if (!(a.entities.hosts ?? []).some((h) => re.test(h))) return false;
  }
  if (c.title && !c.title.test(a.title)) return false;
  return true;
}

/**
 * The first rule that matches decides (policy order). Without one, the alert waits for triage with the
 * severity the policy's `severityMap` gives the tool's severity.
 */
export function routeAlert(policy: PolicyVersion, item: IngestItem): RoutingDecision {
  const routing = routingOf(policy);
  const fallback = (s: AlertSeverity) => routing.severityMap[s] ?? null;
  for (const c of rulesOf(policy)) {
    if (!matches(c, item)) continue;
    const r = c.rule;
    return {
      rule: r.id,
      type: r.type ?? null,
      severity: r.severity ?? fallback(item.alert.severity),
      team: r.team ?? null,
      action: r.action,
      dismissReason: r.dismissReason ?? null,
    };
  }
  return {
    rule: null,
    type: null,
    severity: fallback(item.alert.severity),
    team: null,
    action: 'suggest',
    dismissReason: null,
  };
}

const KIND_OF = { hosts: 'host', accounts: 'account', ips: 'ip', hashes: 'hash' } as const;

/** `host:web-01`, `ip:203.0.113.9`: the values correlation compares, lower-cased. */
export function entityKeysOf(alert: NormalizedAlert): string[] {
  const keys = new Set<string>();
  for (const [field, kind] of Object.entries(KIND_OF)) {
    for (const v of alert.entities[field as keyof typeof KIND_OF] ?? [])
      keys.add(`${kind}:${v.toLowerCase()}`);
  }
  return [...keys];
}

/**
 * The stored fingerprint: per source, from the tool's own fingerprint when it sends one, otherwise from
 * what identifies the condition (title, labels, entities), never from times or counters.
 */
export function fingerprintOf(sourceId: string, alert: NormalizedAlert): string {
  const basis =
    alert.fingerprint ??
    canonicalJson({ title: alert.title, labels: alert.labels, entities: alert.entities });
  return hash('sha256', `${sourceId}\n${basis}`, 'hex');
}
