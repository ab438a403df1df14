/**
 * The verbs Cordon checks. Which role may do what is the policy's business (policy `roles[].permissions`);
 * the code only names the actions. Every signed-in user may report an event and read the policy.
 */
export const PERMISSIONS = [
  'event.read',
  'event.triage',
  'incident.read',
  'incident.declare',
  'incident.update',
  'incident.transition',
  'incident.close',
  'incident.set_severity',
  'incident.assign_roles',
  'incident.note',
  'incident.rca.write',
  'incident.read_restricted',
  'policy.activate',
  'audit.read',
  'users.manage',
  'tokens.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
