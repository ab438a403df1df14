import type { EscalationRun, EscalationTarget, PolicyDocument } from '../../api/types.ts';
import { formatTime } from '../../lib/time.ts';
import { nameOf } from '../policy/queries.ts';

const RELATIONS: Record<string, string> = {
  'reporter-supervisor': "the reporter's supervisor",
  assignee: 'the assignee',
  'incident-participants': "the incident's participants",
  'owner-team': 'the owner team',
};

/** Why someone was paged, in the policy's words: "position:cto" → "CTO", "role:…" → the role's name. */
export function describeVia(doc: PolicyDocument | undefined, via: string): string {
  const match = /^([a-z]+):([a-z0-9-]+)(.*)$/.exec(via);
  if (!match) return via;
  const [, kind, key = '', rest = ''] = match;
  const name =
    kind === 'position'
      ? nameOf(doc?.positions, key)
      : kind === 'role'
        ? nameOf(doc?.roles, key)
        : kind === 'team'
          ? nameOf(doc?.teams, key)
          : kind === 'relation'
            ? (RELATIONS[key] ?? key)
            : kind === 'oncall'
              ? `on call in ${key}`
              : key;
  return `${name}${rest}`;
}

export function describeTarget(doc: PolicyDocument | undefined, t: EscalationTarget): string {
  if ('position' in t) return nameOf(doc?.positions, t.position);
  if ('role' in t) return nameOf(doc?.roles, t.role);
  if ('team' in t) return nameOf(doc?.teams, t.team);
  if ('oncall' in t) return `on call in ${t.oncall}`;
  return RELATIONS[t.relation] ?? t.relation;
}

type Step = EscalationRun['steps'][number];

/**
 * What happens to a step next, from the policy the incident runs under: when a waiting step times out it
 * pages again, escalates to its fallback, or is recorded as unanswered.
 */
export function describeNext(doc: PolicyDocument | undefined, ruleId: string, step: Step): string | null {
  if (step.state === 'scheduled') return `Starts ${formatTime(step.dueAt)}`;
  if (step.state !== 'paging' || !step.timeoutAt) return null;
  const spec = doc?.escalation.find((r) => r.id === ruleId)?.steps.find((s) => s.id === step.id);
  const by = formatTime(step.timeoutAt);
  if (!spec) return `Waiting for an acknowledgement until ${by}`;
  if (step.round < spec.repeat) return `If nobody acknowledges by ${by}, they are paged again`;
  if (spec.fallback)
    return `If nobody acknowledges by ${by}, ${spec.fallback.notify.map((t) => describeTarget(doc, t)).join(', ')} will be paged`;
  return `If nobody acknowledges by ${by}, that is recorded`;
}
