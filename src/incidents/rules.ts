import { AppError } from '../platform/errors.ts';
import { durationMs } from '../policy/duration.ts';
import type { ClosureGate, Phase, Policy, Severity } from '../policy/schema.ts';

/** Pure policy rules for incidents: no database, no clock; tested exhaustively. */

export function getSeverity(policy: Policy, key: string): Severity {
  const severity = policy.severities.find((s) => s.key === key);
  if (!severity) {
    throw new AppError(
      'incident.unknown_severity',
      `Unknown severity "${key}". The policy defines: ${policy.severities.map((s) => s.key).join(', ')}.`,
      {
        details: { allowed: policy.severities.map((s) => s.key) },
      },
    );
  }
  return severity;
}

export function assertIncidentType(policy: Policy, key: string): void {
  if (!policy.incidentTypes.some((t) => t.key === key)) {
    throw new AppError(
      'incident.unknown_type',
      `Unknown incident type "${key}". The policy defines: ${policy.incidentTypes.map((t) => t.key).join(', ')}.`,
      {
        details: { allowed: policy.incidentTypes.map((t) => t.key) },
      },
    );
  }
}

export function getPhase(policy: Policy, key: string): Phase {
  const phase = policy.phases.find((p) => p.key === key);
  if (!phase) {
    throw new AppError(
      'incident.unknown_phase',
      `Unknown phase "${key}". The policy defines: ${policy.phases.map((p) => p.key).join(', ')}.`,
      {
        details: { allowed: policy.phases.map((p) => p.key) },
      },
    );
  }
  return phase;
}

/**
 * The phase machine is the policy's table of allowed moves (phases[].next), never an if/else tree. A closed
 * incident may be reopened into the policy's `reopenTo` phase.
 */
export function allowedNext(policy: Policy, from: string): string[] {
  const phase = policy.phases.find((p) => p.key === from);
  if (!phase) return [];
  return phase.closing && !phase.next.includes(policy.reopenTo)
    ? [...phase.next, policy.reopenTo]
    : phase.next;
}

export function canTransition(policy: Policy, from: string, to: string): boolean {
  return allowedNext(policy, from).includes(to);
}

export function assertTransition(policy: Policy, from: string, to: string): void {
  getPhase(policy, to);
  if (!canTransition(policy, from, to)) {
    const allowed = allowedNext(policy, from);
    throw new AppError(
      'incident.invalid_transition',
      `The policy does not allow moving from "${from}" to "${to}". From "${from}" you may move to: ${allowed.join(', ') || 'nowhere'}.`,
      {
        details: { from, to, allowed },
      },
    );
  }
}

/** Remediation deadline: declaration time plus the severity's SLA ("incidents will be closed within…"). */
export function remediationDueAt(severity: Severity, declaredAt: Date): Date | null {
  return severity.remediationSla
    ? new Date(declaredAt.getTime() + durationMs(severity.remediationSla))
    : null;
}

export interface GateViolation {
  gate: string;
  rule: string;
  source: ClosureGate['source'] | null;
  unblock: string;
}

export interface ClosureContext {
  severity: string;
  actorRoles: readonly string[];
  artifacts: ReadonlySet<'rca'>;
  isSystem: boolean;
}

const ARTIFACT_NAMES = { rca: 'a root cause analysis' } as const;

/** Every closure gate the incident fails, each naming the rule and what would unblock it. */
export function closureViolations(policy: Policy, incidentKey: string, ctx: ClosureContext): GateViolation[] {
  const violations: GateViolation[] = [];
  for (const gate of policy.closure) {
    if (gate.severities && !gate.severities.includes(ctx.severity)) continue;
    if (
      gate.roles &&
      gate.roles.length > 0 &&
      !ctx.isSystem &&
      !ctx.actorRoles.some((r) => gate.roles?.includes(r))
    ) {
      const names = gate.roles.map((r) => policy.roles.find((x) => x.key === r)?.name ?? r);
      violations.push({
        gate: gate.id,
        rule: gate.description,
        source: gate.source ?? null,
        unblock: `Ask ${names.join(' or ')} to close it.`,
      });
    }
    if (gate.requires && !ctx.artifacts.has(gate.requires)) {
      violations.push({
        gate: gate.id,
        rule: gate.description,
        source: gate.source ?? null,
        unblock: `Record ${ARTIFACT_NAMES[gate.requires]} on ${incidentKey} (PUT /api/v1/incidents/${incidentKey}/rca or "cordon incidents rca ${incidentKey}").`,
      });
    }
  }
  // Severity-level requirements (severities[].requiredBeforeClose) apply even without a matching gate.
  const severity = policy.severities.find((s) => s.key === ctx.severity);
  for (const artifact of severity?.requiredBeforeClose ?? []) {
    if (ctx.artifacts.has(artifact) || violations.some((v) => v.unblock.includes(ARTIFACT_NAMES[artifact])))
      continue;
    violations.push({
      gate: `${severity?.key}-requires-${artifact}`,
      rule: `A ${ctx.severity} incident cannot close without ${ARTIFACT_NAMES[artifact]}.`,
      source: severity?.source ?? null,
      unblock: `Record ${ARTIFACT_NAMES[artifact]} on ${incidentKey} (PUT /api/v1/incidents/${incidentKey}/rca or "cordon incidents rca ${incidentKey}").`,
    });
  }
  return violations;
}

export function assertClosable(policy: Policy, incidentKey: string, ctx: ClosureContext): void {
  const violations = closureViolations(policy, incidentKey, ctx);
  if (violations.length === 0) return;
  const first = violations[0];
  throw new AppError(
    'incident.closure_gate',
    `${incidentKey} cannot close: ${violations.map((v) => v.rule).join(' ')} ${first ? first.unblock : ''}`.trim(),
    { details: { violations } },
  );
}

/** Checks a field value against the policy's list for it, when the policy gives one. */
export function assertFieldValue(
  field: 'classification' | 'likelihood' | 'locations',
  allowed: readonly string[],
  value: string | null | undefined,
): void {
  if (value === null || value === undefined || allowed.length === 0 || allowed.includes(value)) return;
  throw new AppError(
    'incident.unknown_field_value',
    `"${value}" is not an allowed ${field === 'locations' ? 'location' : field}. The policy allows: ${allowed.join(', ')}.`,
    {
      details: { field, allowed },
    },
  );
}
