import type { Policy } from '../policy/schema.ts';

export type Rule = Policy['escalation'][number];
export type StepSpec = Rule['steps'][number];

/** A special case's notifyRoles become a one-step rule of their own (e.g. internal issues → Delegate). */
export const SPECIAL_RULE_PREFIX = 'special:';

/** The rule a run follows: a policy escalation rule, or a special case's notification. */
export function ruleOf(policy: Policy, ruleId: string): Rule | undefined {
  if (ruleId.startsWith(SPECIAL_RULE_PREFIX)) {
    const special = policy.specialCases.find((c) => `${SPECIAL_RULE_PREFIX}${c.id}` === ruleId);
    if (!special || special.notifyRoles.length === 0) return undefined;
    return {
      id: ruleId,
      name: `${special.name}: notify ${special.notifyRoles.join(', ')}`,
      on: 'incident.declared',
      reportsFrom: ['people'],
      steps: [
        {
          id: 'notify',
          after: '0m',
          notify: special.notifyRoles.map((role) => ({ role })),
          // Not in the policy: how. Directly, and by every personal channel (the special cases say "directly
          // contact" and "via mobile phone messaging"); never chat, which others read.
          channels: ['sms', 'email', 'app'],
          includeLink: true,
          repeat: 0,
          ack: 'any',
        },
      ],
      ...(special.source ? { source: special.source } : {}),
    };
  }
  return policy.escalation.find((r) => r.id === ruleId);
}

/** Human words for a target, for the timeline ("position CTO", "the reporter's supervisor"). */
export function describeTarget(policy: Policy, t: StepSpec['notify'][number]): string {
  if ('position' in t) return policy.positions.find((p) => p.key === t.position)?.name ?? t.position;
  if ('role' in t) return policy.roles.find((r) => r.key === t.role)?.name ?? t.role;
  if ('team' in t) return policy.teams.find((x) => x.key === t.team)?.name ?? t.team;
  if ('oncall' in t) return `on call (${t.oncall})`;
  return {
    'reporter-supervisor': "the reporter's supervisor",
    assignee: 'the assignee',
    'incident-participants': 'the incident participants',
    'owner-team': 'the owner team',
  }[t.relation];
}
