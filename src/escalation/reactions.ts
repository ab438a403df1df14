import { findIncidentById } from '../incidents/index.ts';
import {
  eventsOfIncident,
  findEventSubject,
  linkDeliveriesToIncident,
  requestChatRoom,
} from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import type { Policy } from '../policy/schema.ts';
import { getActivePolicy, getPolicyVersion } from '../policy/versions.ts';
import { startRun, stopRunsOf, type Trigger, whyStop } from './chain.ts';
import type { Reaction, Relevance } from './dispatcher.ts';
import type { EngineDeps } from './page-step.ts';
import { Recorder } from './recorder.ts';
import { type Rule, ruleOf, SPECIAL_RULE_PREFIX } from './rules.ts';
import {
  type AuditEntryLite,
  eventHasRuns,
  linkEventToIncident,
  pagesOfRuns,
  runsOfSubject,
} from './store.ts';
import { subjectOf } from './subject.ts';

const triggerOf = (e: AuditEntryLite, on: string): Trigger => ({ seq: e.seq, at: e.at, on });

/** Rules for a report: `event.reported`, and `breach.suspected` when a breach is suspected. */
function reportRules(policy: Policy, origin: 'people' | 'tools', breach: boolean): Rule[] {
  return policy.escalation.filter(
    (r) =>
      (r.on === 'event.reported' || (breach && r.on === 'breach.suspected')) &&
      r.reportsFrom.includes(origin),
  );
}

/**
 * "All employees are to immediately notify their supervisor, the Manager of DevOps and the CISO of any actual
 * or suspected incident" and, for a suspected data breach, "their supervisor, the Manager of DevOps and CTO"
 * (incident-management-policy): a report starts the policy's report and breach rules. Alerts from tools
 * start only rules that ask for them (`reportsFrom: [tools]`); an alert routing already dismissed or merged
 * pages nobody.
 */
function onEventReported(deps: EngineDeps): Reaction {
  return async (tx, entry) => {
    if (!entry.targetId) return;
    const event = await findEventSubject(tx, entry.targetId);
    if (!event) return;
    const origin = entry.data.channel === 'alert' || event.source.startsWith('alert:') ? 'tools' : 'people';
    if (origin === 'tools' && event.status !== 'awaiting_triage') return;
    const policy = await getActivePolicy(tx);
    const rules = reportRules(policy.document, origin, event.suspectedBreach);
    if (rules.length === 0) return;
    const subject = await subjectOf(tx, deps, { incidentId: null, eventId: event.id });
    if (!subject) return;
    const rec = new Recorder(tx);
    for (const rule of rules) {
      const on = rule.on === 'breach.suspected' ? 'breach.suspected' : 'event.reported';
      await startRun(tx, deps, rec, {
        rule,
        policy: policy.document,
        policyVersion: policy.version,
        trigger: triggerOf(entry, on),
        subject,
      });
    }
    await rec.flush();
  };
}

/**
 * A declaration starts the rules for its severity ("P0 - Immediate notification to senior management"), the
 * breach rules when its type suspects a breach (unless its event already started them), the special cases'
 * notifications, and the dedicated chat channel when the severity asks for one.
 */
function onIncidentDeclared(deps: EngineDeps): Reaction {
  return async (tx, entry) => {
    if (!entry.incidentId) return;
    const incident = await findIncidentById(tx, entry.incidentId);
    if (!incident) return;
    const policy = await getPolicyVersion(tx, incident.policyVersion);
    const doc = policy.document;
    const severity = typeof entry.data.severity === 'string' ? entry.data.severity : incident.severity;
    const rules = doc.escalation.filter(
      (r) => r.on === 'incident.declared' && (!r.severities || r.severities.includes(severity)),
    );
    if (doc.incidentTypes.find((t) => t.key === incident.type)?.suspectedBreach) {
      const sources = await eventsOfIncident(tx, incident.id);
      const eventBreach = sources.some((e) => e.suspectedBreach);
      if (!eventBreach) rules.push(...doc.escalation.filter((r) => r.on === 'breach.suspected'));
    }
    if (incident.suspectedInternalActor) {
      for (const c of doc.specialCases.filter((x) => x.when === 'internal-actor')) {
        const rule = ruleOf(doc, `${SPECIAL_RULE_PREFIX}${c.id}`);
        if (rule) rules.push(rule);
      }
    }
    const subject = await subjectOf(tx, deps, { incidentId: incident.id, eventId: null });
    if (!subject) return;
    const rec = new Recorder(tx);
    for (const rule of rules) {
      await startRun(tx, deps, rec, {
        rule,
        policy: doc,
        policyVersion: policy.version,
        trigger: triggerOf(entry, rule.on),
        subject,
      });
    }
    if (doc.severities.find((s) => s.key === incident.severity)?.dedicatedChannel)
      await requestChatRoom(tx, deps, incident, null);
    await rec.flush();
  };
}

/** A severity change starts the new severity's rules and stops runs whose rule no longer applies. */
function onSeverityChanged(deps: EngineDeps): Reaction {
  return async (tx, entry) => {
    if (!entry.incidentId) return;
    const incident = await findIncidentById(tx, entry.incidentId);
    if (!incident) return;
    const rec = new Recorder(tx);
    await stopRunsOf(tx, deps, rec, { incidentId: incident.id }, whyStop);
    const policy = await getPolicyVersion(tx, incident.policyVersion);
    const to = typeof entry.data.to === 'string' ? entry.data.to : incident.severity;
    const subject = await subjectOf(tx, deps, { incidentId: incident.id, eventId: null });
    if (!subject || !incident.isOpen) return rec.flush();
    for (const rule of policy.document.escalation) {
      if (rule.on !== 'incident.severity_changed' || (rule.severities && !rule.severities.includes(to)))
        continue;
      await startRun(tx, deps, rec, {
        rule,
        policy: policy.document,
        policyVersion: policy.version,
        trigger: triggerOf(entry, rule.on),
        subject,
      });
    }
    if (policy.document.severities.find((s) => s.key === to)?.dedicatedChannel)
      await requestChatRoom(tx, deps, incident, null);
    await rec.flush();
  };
}

/** Closing an incident stops its escalations (and those of the events it came from). */
function onIncidentClosed(deps: EngineDeps): Reaction {
  return async (tx, entry) => {
    if (!entry.incidentId) return;
    const rec = new Recorder(tx);
    await stopRunsOf(tx, deps, rec, { incidentId: entry.incidentId }, whyStop);
    await rec.flush();
  };
}

/** A dismissed event pages nobody further. */
function onEventDismissed(deps: EngineDeps): Reaction {
  return async (tx, entry) => {
    if (!entry.targetId) return;
    const event = await findEventSubject(tx, entry.targetId);
    if (!event) return;
    const rec = new Recorder(tx);
    await stopRunsOf(tx, deps, rec, { eventId: event.id }, whyStop);
    await rec.flush();
  };
}

/**
 * An event promoted to (or merged into) an incident brings its escalation along: its runs, pages and
 * deliveries now belong to the incident, and the incident's timeline gets what was sent before it existed.
 */
function onEventLinked(deps: EngineDeps): Reaction {
  return async (tx: Tx, entry) => {
    if (!entry.targetId || !entry.incidentId) return;
    const event = await findEventSubject(tx, entry.targetId);
    if (!event) return;
    const runs = (await runsOfSubject(tx, { eventId: event.id })).filter((r) => r.incidentId === null);
    await linkEventToIncident(tx, event.id, entry.incidentId);
    await linkDeliveriesToIncident(tx, event.id, entry.incidentId);
    if (runs.length === 0) return;
    const pages = await pagesOfRuns(
      tx,
      runs.map((r) => r.id),
    );
    const rec = new Recorder(tx);
    await rec.timeline(entry.incidentId, 'escalation.linked', deps.clock.now(), null, {
      event: event.ref,
      runs: runs.map((r) => ({
        runId: r.id,
        rule: { id: r.ruleId, name: r.ruleName },
        state: r.state,
        startedAt: r.startedAt.toISOString(),
        pages: pages
          .filter((p) => p.runId === r.id)
          .map((p) => ({
            pageId: p.id,
            recipient: p.recipientName,
            channels: p.channels,
            fallback: p.fallback,
            sentAt: p.createdAt.toISOString(),
            acknowledgedAt: p.ackAt?.toISOString() ?? null,
            acknowledgedBy: p.ackByName,
          })),
      })),
    });
    // A run started on the event and now on an incident that is already closed, or dismissed, stops.
    const subject = await subjectOf(tx, deps, { incidentId: entry.incidentId, eventId: event.id });
    if (subject?.incident && !subject.incident.isOpen) {
      await stopRunsOf(tx, deps, rec, { incidentId: entry.incidentId }, whyStop);
    }
    await rec.flush();
  };
}

/** The escalation reactions, by audit action, with what makes an entry worth a transaction. */
export function escalationReactions(deps: EngineDeps): [string, Reaction, Relevance | null][] {
  // Alerts from tools page only when a rule asks for them; at intake's rates the rest are passed over.
  const report: Relevance = async (entry) =>
    entry.data.channel !== 'alert' ||
    (await getActivePolicy(deps.db)).document.escalation.some(
      (r) => (r.on === 'event.reported' || r.on === 'breach.suspected') && r.reportsFrom.includes('tools'),
    );
  const hasRuns: Relevance = (entry) => (entry.targetId ? eventHasRuns(deps.db, entry.targetId) : false);
  return [
    ['event.reported', onEventReported(deps), report],
    ['event.dismissed', onEventDismissed(deps), hasRuns],
    ['event.promoted', onEventLinked(deps), hasRuns],
    ['event.merged', onEventLinked(deps), hasRuns],
    ['incident.declared', onIncidentDeclared(deps), null],
    ['incident.severity_changed', onSeverityChanged(deps), null],
    ['incident.closed', onIncidentClosed(deps), null],
  ];
}
