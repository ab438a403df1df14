import type { z } from 'zod';
import type { EscalationTarget, Policy } from './schema.ts';

/** Cross-references: every key a policy mentions must be defined in it. */
export function checkReferences(policy: z.output<z.ZodObject>, ctx: z.RefinementCtx): void {
  const p = policy as Policy;
  const roles = new Set(p.roles.map((r) => r.key));
  const severities = new Set(p.severities.map((s) => s.key));
  const phases = new Set(p.phases.map((ph) => ph.key));
  const positions = new Set(p.positions.map((x) => x.key));
  const teams = new Set(p.teams.map((x) => x.key));
  const playbooks = new Set(p.playbooks.map((x) => x.key));
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });

  const unique = (items: { key?: string; id?: string }[], path: string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = item.key ?? item.id ?? '';
      if (seen.has(k)) issue([path, i], `duplicate key "${k}"`);
      seen.add(k);
    });
  };
  unique(p.roles, 'roles');
  unique(p.severities, 'severities');
  unique(p.phases, 'phases');
  unique(p.incidentTypes, 'incidentTypes');
  unique(p.positions, 'positions');
  unique(p.teams, 'teams');
  unique(p.playbooks, 'playbooks');

  const ranks = new Set<number>();
  p.severities.forEach((s, i) => {
    if (ranks.has(s.rank)) issue(['severities', i, 'rank'], `rank ${s.rank} is used twice`);
    ranks.add(s.rank);
  });
  const checkRole = (r: string, path: (string | number)[]) => {
    if (!roles.has(r)) issue(path, `unknown role "${r}"`);
  };
  const checkSeverity = (s: string, path: (string | number)[]) => {
    if (!severities.has(s)) issue(path, `unknown severity "${s}"`);
  };
  const checkPhase = (s: string, path: (string | number)[]) => {
    if (!phases.has(s)) issue(path, `unknown phase "${s}"`);
  };
  const checkParty = (party: { role?: string; position?: string }, path: (string | number)[]) => {
    if (party.role !== undefined) checkRole(party.role, [...path, 'role']);
    if (party.position !== undefined && !positions.has(party.position))
      issue([...path, 'position'], `unknown position "${party.position}"`);
  };
  const checkTarget = (t: EscalationTarget, path: (string | number)[]) => {
    if ('role' in t) checkRole(t.role, [...path, 'role']);
    if ('position' in t && !positions.has(t.position))
      issue([...path, 'position'], `unknown position "${t.position}"`);
    if ('team' in t && !teams.has(t.team)) issue([...path, 'team'], `unknown team "${t.team}"`);
  };

  p.access.bootstrapRoles.forEach((r, i) => checkRole(r, ['access', 'bootstrapRoles', i]));
  p.access.restrictedReaders.forEach((r, i) => checkRole(r, ['access', 'restrictedReaders', i]));
  if (p.access.defaultRole) checkRole(p.access.defaultRole, ['access', 'defaultRole']);
  checkPhase(p.initialPhase, ['initialPhase']);
  checkPhase(p.reopenTo, ['reopenTo']);
  if (!p.phases.some((ph) => ph.closing)) issue(['phases'], 'at least one phase must be closing: true');
  p.phases.forEach((ph, i) => {
    ph.next.forEach((n, j) => checkPhase(n, ['phases', i, 'next', j]));
  });
  p.incidentTypes.forEach((t, i) => {
    if (t.defaultSeverity) checkSeverity(t.defaultSeverity, ['incidentTypes', i, 'defaultSeverity']);
    if (t.playbook && !playbooks.has(t.playbook))
      issue(['incidentTypes', i, 'playbook'], `unknown playbook "${t.playbook}"`);
  });
  p.closure.forEach((g, i) => {
    g.roles?.forEach((r, j) => checkRole(r, ['closure', i, 'roles', j]));
    g.severities?.forEach((s, j) => checkSeverity(s, ['closure', i, 'severities', j]));
  });
  p.fields.ownerTeams.forEach((t, i) => {
    if (!teams.has(t)) issue(['fields', 'ownerTeams', i], `unknown team "${t}"`);
  });
  if (p.fields.defaultOwnerTeam && !teams.has(p.fields.defaultOwnerTeam))
    issue(['fields', 'defaultOwnerTeam'], `unknown team "${p.fields.defaultOwnerTeam}"`);
  p.escalation.forEach((rule, i) => {
    rule.severities?.forEach((s, j) => checkSeverity(s, ['escalation', i, 'severities', j]));
    rule.steps.forEach((step, j) => {
      step.notify.forEach((t, k) => checkTarget(t, ['escalation', i, 'steps', j, 'notify', k]));
      step.fallback?.notify.forEach((t, k) =>
        checkTarget(t, ['escalation', i, 'steps', j, 'fallback', 'notify', k]),
      );
    });
  });
  p.meetings.forEach((m, i) => {
    m.severities.forEach((s, j) => checkSeverity(s, ['meetings', i, 'severities', j]));
  });
  p.specialCases.forEach((c, i) => {
    if (c.minimumSeverity) checkSeverity(c.minimumSeverity, ['specialCases', i, 'minimumSeverity']);
    c.notifyRoles.forEach((r, j) => checkRole(r, ['specialCases', i, 'notifyRoles', j]));
    if (c.playbook && !playbooks.has(c.playbook))
      issue(['specialCases', i, 'playbook'], `unknown playbook "${c.playbook}"`);
  });
  if (p.breach) {
    p.breach.reviewers.forEach((r, i) => checkRole(r, ['breach', 'reviewers', i]));
    p.breach.deciders.forEach((d, i) => checkParty(d, ['breach', 'deciders', i]));
    p.breach.stakeholders.forEach((d, i) => checkParty(d, ['breach', 'stakeholders', i]));
    checkParty(p.breach.tieBreaker, ['breach', 'tieBreaker']);
    p.breach.noticeApprovals.forEach((a, i) => {
      a.anyOf.forEach((d, j) => checkParty(d, ['breach', 'noticeApprovals', i, 'anyOf', j]));
    });
  }
  if (p.intake.customerReportsTeam && !teams.has(p.intake.customerReportsTeam))
    issue(['intake', 'customerReportsTeam'], `unknown team "${p.intake.customerReportsTeam}"`);
  checkMoreReferences(p, issue, checkPhase);
  checkNotificationReferences(p, checkRole, checkTarget);
  checkRouting(p, issue, checkRole, checkSeverity);
}

/** Routing rules name policy types, severities, teams, roles and reasons, and carry patterns that must compile. */
function checkRouting(
  p: Policy,
  issue: (path: (string | number)[], message: string) => void,
  checkRole: (r: string, path: (string | number)[]) => void,
  checkSeverity: (s: string, path: (string | number)[]) => void,
): void {
  const r = p.routing;
  if (!r) return;
  const types = new Set(p.incidentTypes.map((t) => t.key));
  const teams = new Set(p.teams.map((t) => t.key));
  const compiles = (source: string | undefined, path: (string | number)[]) => {
    if (source === undefined) return;
    try {
      new RegExp(source, 'u');
    } catch (e) {
      issue(path, `is not a valid pattern: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const ids = new Set<string>();
  r.rules.forEach((rule, i) => {
    if (ids.has(rule.id)) issue(['routing', 'rules', i, 'id'], `duplicate id "${rule.id}"`);
    ids.add(rule.id);
    if (rule.type && !types.has(rule.type))
      issue(['routing', 'rules', i, 'type'], `unknown incident type "${rule.type}"`);
    if (rule.severity) checkSeverity(rule.severity, ['routing', 'rules', i, 'severity']);
    if (rule.team && !teams.has(rule.team))
      issue(['routing', 'rules', i, 'team'], `unknown team "${rule.team}"`);
    if (rule.action === 'promote' && (!rule.type || !rule.severity))
      issue(['routing', 'rules', i, 'action'], 'a rule that promotes needs a type and a severity');
    if (rule.action === 'dismiss' && !rule.dismissReason)
      issue(['routing', 'rules', i, 'dismissReason'], 'a rule that dismisses needs a dismissReason');
    if (rule.dismissReason && !p.intake.dispositions.includes(rule.dismissReason))
      issue(
        ['routing', 'rules', i, 'dismissReason'],
        `"${rule.dismissReason}" is not in intake.dispositions`,
      );
    compiles(rule.match.hosts, ['routing', 'rules', i, 'match', 'hosts']);
    compiles(rule.match.title, ['routing', 'rules', i, 'match', 'title']);
  });
  Object.entries(r.severityMap).forEach(([k, s]) => {
    if (s) checkSeverity(s, ['routing', 'severityMap', k]);
  });
  const syslogIds = new Set<string>();
  r.syslog.rules.forEach((rule, i) => {
    if (syslogIds.has(rule.id)) issue(['routing', 'syslog', 'rules', i, 'id'], `duplicate id "${rule.id}"`);
    syslogIds.add(rule.id);
    compiles(rule.match.appName, ['routing', 'syslog', 'rules', i, 'match', 'appName']);
    compiles(rule.match.hostname, ['routing', 'syslog', 'rules', i, 'match', 'hostname']);
    compiles(rule.match.message, ['routing', 'syslog', 'rules', i, 'match', 'message']);
  });
  r.email.onBehalfOfCustomerRoles.forEach((role, i) =>
    checkRole(role, ['routing', 'email', 'onBehalfOfCustomerRoles', i]),
  );
}

/** Roles and targets named by on-call cover, meetings, SLA notices and special cases. */
function checkNotificationReferences(
  p: Policy,
  checkRole: (r: string, path: (string | number)[]) => void,
  checkTarget: (t: EscalationTarget, path: (string | number)[]) => void,
): void {
  p.roles.forEach((role, i) => {
    role.onCallCover?.roles.forEach((r, j) => checkRole(r, ['roles', i, 'onCallCover', 'roles', j]));
  });
  p.meetings.forEach((m, i) => {
    m.invite.forEach((t, j) => checkTarget(t, ['meetings', i, 'invite', j]));
  });
  for (const which of ['remind', 'breach'] as const) {
    p.sla[which]?.notify.forEach((t, j) => checkTarget(t, ['sla', which, 'notify', j]));
  }
  p.specialCases.forEach((c, i) => {
    c.appliedBy.forEach((r, j) => checkRole(r, ['specialCases', i, 'appliedBy', j]));
  });
}

/**
 * References and identifiers the checks above left open: a typo in any of them would otherwise load
 * and then silently do nothing (a playbook step in no phase, a form field that is never asked).
 */
function checkMoreReferences(
  p: Policy,
  issue: (path: (string | number)[], message: string) => void,
  checkPhase: (s: string, path: (string | number)[]) => void,
): void {
  const unique = (items: { id: string }[], path: (string | number)[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) issue([...path, i, 'id'], `duplicate id "${item.id}"`);
      seen.add(item.id);
    });
  };
  const closing = new Set(p.phases.filter((ph) => ph.closing).map((ph) => ph.key));
  if (closing.has(p.initialPhase)) issue(['initialPhase'], 'the initial phase must not be a closing phase');
  if (closing.has(p.reopenTo)) issue(['reopenTo'], 'a reopened incident must go to an open phase');
  unique(p.escalation, ['escalation']);
  unique(p.closure, ['closure']);
  unique(p.meetings, ['meetings']);
  unique(p.specialCases, ['specialCases']);
  unique(p.reviewQuestions, ['reviewQuestions']);
  unique(p.schedules, ['schedules']);
  unique(p.rules, ['rules']);
  p.escalation.forEach((rule, i) => {
    unique(rule.steps, ['escalation', i, 'steps']);
  });
  p.playbooks.forEach((pb, i) => {
    unique(pb.steps, ['playbooks', i, 'steps']);
    pb.steps.forEach((step, j) => {
      if (step.phase) checkPhase(step.phase, ['playbooks', i, 'steps', j, 'phase']);
    });
  });
  const owners = new Set([
    ...p.roles.map((r) => r.key),
    ...p.teams.map((t) => t.key),
    ...p.positions.map((x) => x.key),
  ]);
  p.schedules.forEach((s, i) => {
    if (s.owner && !owners.has(s.owner))
      issue(['schedules', i, 'owner'], `unknown role, team or position "${s.owner}"`);
  });
  const sections = p.collectionForm?.sections ?? [];
  const fieldIds = new Set<string>();
  sections.forEach((section, i) => {
    section.fields.forEach((f, j) => {
      if (fieldIds.has(f.id))
        issue(['collectionForm', 'sections', i, 'fields', j, 'id'], `duplicate field "${f.id}"`);
      fieldIds.add(f.id);
      if (f.type === 'choice' && !f.options?.length)
        issue(['collectionForm', 'sections', i, 'fields', j, 'options'], 'a choice field needs options');
      if ((f.ifYes || f.ifNo) && f.type !== 'yes-no')
        issue(
          ['collectionForm', 'sections', i, 'fields', j, 'type'],
          'only a yes-no field may have ifYes or ifNo',
        );
    });
  });
  unique(sections, ['collectionForm', 'sections']);
  sections.forEach((section, i) => {
    section.fields.forEach((f, j) => {
      for (const branch of ['ifYes', 'ifNo'] as const) {
        f[branch]?.forEach((id, k) => {
          if (!fieldIds.has(id))
            issue(['collectionForm', 'sections', i, 'fields', j, branch, k], `unknown form field "${id}"`);
        });
      }
    });
  });
}
