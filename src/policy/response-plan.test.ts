import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadPreset, type PresetName } from './load.ts';
import type { EscalationTarget, Policy } from './schema.ts';

/**
 * The presets that carry the Incident Response Plan (its own preset and the default) say what it says. Each test is named
 * after the rule it checks, in the policy's own words.
 */

const load = (name: PresetName): Policy => loadPreset(name);
const IRP = 'incident-response-plan';
const planPresets: PresetName[] = [IRP, 'default'];

function severity(p: Policy, key: string) {
  const s = p.severities.find((x) => x.key === key);
  assert.ok(s, `severity ${key} is defined`);
  return s;
}

function rolesWith(p: Policy, permission: Policy['roles'][number]['permissions'][number]): string[] {
  return p.roles.filter((r) => r.permissions.includes(permission)).map((r) => r.key);
}

/** The escalation steps that run when `on` fires for an incident at `sev` (or for any severity). */
function stepsOn(p: Policy, on: Policy['escalation'][number]['on'], sev?: string) {
  return p.escalation
    .filter(
      (r) => r.on === on && (sev === undefined || r.severities === undefined || r.severities.includes(sev)),
    )
    .flatMap((r) => r.steps);
}

const has = (targets: EscalationTarget[], wanted: EscalationTarget) =>
  targets.some((t) => JSON.stringify(t) === JSON.stringify(wanted));

function formField(p: Policy, id: string) {
  const field = p.collectionForm?.sections.flatMap((s) => s.fields).find((f) => f.id === id);
  assert.ok(field, `form field ${id}`);
  return field;
}

describe('Incident Response Plan rules', () => {
  for (const name of planPresets) {
    describe(name, () => {
      const p = load(name);

      test('P3 and P2 incidents are closed within 90 days', () => {
        assert.equal(severity(p, 'P3').remediationSla, '90d');
        assert.equal(severity(p, 'P2').remediationSla, '90d');
      });
      test('P1 incidents are closed within 14 days', () => {
        assert.equal(severity(p, 'P1').remediationSla, '14d');
      });
      test('P0 incidents are closed within 7 days', () => {
        assert.equal(severity(p, 'P0').remediationSla, '7d');
      });

      test('a P1 incident cannot close without a root cause analysis', () => {
        assert.ok(severity(p, 'P1').requiredBeforeClose.includes('rca'));
        assert.ok(p.closure.some((g) => g.requires === 'rca' && g.severities?.includes('P1')));
      });

      test('only the Security Delegate formally closes an incident', () => {
        assert.ok(p.closure.some((g) => JSON.stringify(g.roles) === '["security-delegate"]'));
        assert.deepEqual(rolesWith(p, 'incident.close'), ['security-delegate']);
      });

      test('the Security Delegate assigns a severity', () => {
        assert.deepEqual(rolesWith(p, 'incident.set_severity'), ['security-delegate']);
      });

      test('the Security Delegate monitors security incident notifications', () => {
        assert.ok(stepsOn(p, 'event.reported').some((s) => has(s.notify, { role: 'security-delegate' })));
      });

      test('P2/P3 incidents must be tracked and assigned to the appropriate department', () => {
        for (const on of ['incident.declared', 'incident.severity_changed'] as const) {
          for (const sev of ['P2', 'P3']) {
            const steps = stepsOn(p, on, sev);
            assert.ok(
              steps.some((s) => s.channels.includes('queue') && s.notify.some((t) => 'team' in t)),
              `${on} ${sev}`,
            );
          }
        }
      });

      test('P1: the appropriate manager is notified via Slack with a reference to more information', () => {
        for (const on of ['incident.declared', 'incident.severity_changed'] as const) {
          const steps = stepsOn(p, on, 'P1').filter((s) => s.channels.includes('chat') && s.includeLink);
          assert.ok(
            steps.some((s) => has(s.notify, { role: 'executive-management' })),
            on,
          );
        }
      });

      test('P0: immediate notification to senior management', () => {
        for (const on of ['incident.declared', 'incident.severity_changed'] as const) {
          const steps = stepsOn(p, on, 'P0').filter((s) => s.after === '0m');
          assert.ok(
            steps.some(
              (s) => has(s.notify, { role: 'executive-management' }) && has(s.notify, { position: 'ceo' }),
            ),
          );
        }
      });

      test('a daily Incident Response Meeting is held for critical issues until the incident is resolved', () => {
        const [meeting] = p.meetings;
        assert.equal(meeting?.cadence, 'daily');
        assert.deepEqual(meeting?.severities, ['P0']);
        assert.equal(meeting?.until, 'resolved');
        assert.deepEqual(meeting?.agenda, [
          'Update documentation and timelines',
          'Document new Indicators of Compromise (IOCs)',
          'Perform investigative Q&A',
          'Apply emergency mitigations',
          'External Reporting / Breach Reporting (if necessary)',
          'Plan long-term mitigations',
          'Document or update Root Cause Analysis (RCA)',
          'Additional items as needed',
        ]);
      });

      test('an internal malicious actor is handled discreetly, directly with the Security Delegate, as critical', () => {
        const c = p.specialCases.find((x) => x.when === 'internal-actor');
        assert.equal(c?.visibility, 'restricted');
        assert.deepEqual(c?.notifyRoles, ['security-delegate']);
        assert.equal(c?.minimumSeverity, 'P0');
        assert.deepEqual(p.access.restrictedReaders, ['security-delegate']);
      });

      test('with IT communication risks an out-of-band solution is communicated via mobile phone messaging', () => {
        const c = p.specialCases.find((x) => x.when === 'communications-compromised');
        assert.equal(c?.outOfBand, true);
        assert.match(c?.description ?? '', /mobile phone messaging/);
      });

      test('a cloud provider root account compromise follows the playbook in Appendix C', () => {
        const c = p.specialCases.find((x) => x.when === 'root-account-compromise');
        const type = p.incidentTypes.find((t) => t.key === 'root-account-compromise');
        const playbook = p.playbooks.find((pb) => pb.key === c?.playbook);
        assert.equal(type?.playbook, playbook?.key);
        assert.deepEqual(playbook?.lifecycle, [
          'Establish control.',
          'Determine impact.',
          'Recover as needed.',
          'Investigate the root cause.',
          'Improve.',
        ]);
        assert.equal(playbook?.indicators.length, 6);
        assert.equal(playbook?.steps[0]?.title, 'Contact Cloud provider support as soon as possible.');
        assert.ok(playbook?.steps.some((s) => s.title === 'Review created items and mutating calls.'));
      });

      test('breach determinations shall only be made by the CEO and Security Delegate', () => {
        assert.deepEqual(p.breach?.reviewers, ['incident-response-team']);
        assert.deepEqual(p.breach?.deciders, [{ position: 'ceo' }, { role: 'security-delegate' }]);
        assert.deepEqual(p.breach?.tieBreaker, { position: 'ceo' });
        assert.ok((p.breach?.stakeholders.length ?? 0) >= 4);
      });

      test('Legal Counsel and an appropriate company officer approve every external breach notice in writing', () => {
        const approvals = p.breach?.noticeApprovals ?? [];
        assert.equal(approvals.length, 2);
        assert.deepEqual(approvals[0]?.anyOf, [{ role: 'legal-counsel' }]);
        assert.ok(approvals[1]?.anyOf.some((a) => 'role' in a && a.role === 'executive-management'));
      });

      test("the collection form asks for the approver's name when a system is removed from the network", () => {
        const approval = formField(p, 'removal-approved');
        assert.equal(approval.type, 'yes-no');
        assert.deepEqual(approval.ifYes, ['approver-name', 'removed-at']);
        assert.deepEqual(approval.ifNo, ['not-removed-reason']);
        assert.equal(formField(p, 'approver-name').label, 'If Yes, please provide the name of Approver');
      });

      test('the collection form asks for the type of incident', () => {
        assert.deepEqual(formField(p, 'incident-type').options, [
          'Denial of Service',
          'Unauthorized Use',
          'Hoax',
          'Probe',
          'Malicious Code',
          'Unauthorized Access',
          'Other',
        ]);
      });

      test('the collection form describes each affected system (one form per system)', () => {
        const perSystem = p.collectionForm?.sections.filter((s) => s.perSystem).map((s) => s.id);
        assert.deepEqual(perSystem, [
          'affected-system',
          'isolate-affected-systems',
          'backup-of-affected-systems',
          'incident-eradication',
        ]);
        assert.deepEqual(formField(p, 'root-cause-identified').ifYes, ['vulnerability-description']);
      });

      test('reporters should act as good witnesses', () => {
        assert.match(
          p.intake.reporterGuidance ?? '',
          /act as good witnesses and behave as if they are reporting a crime/,
        );
        assert.deepEqual(p.intake.channels.slice(0, 2), [
          'Email or message your supervisor about the event or incident',
          'Send a message to the Security Delegate',
        ]);
      });

      test('exceptions are authorized by the Security Delegate and violations reported to the Security Delegate', () => {
        const rule = (id: string) => p.rules.find((r) => r.id === id)?.text ?? '';
        assert.match(rule('exceptions'), /authorized by the Security Delegate/);
        assert.match(rule('violations'), /reported to the Security Delegate/);
      });

      test('the document history records version 1.0.0 of 6/13/25', () => {
        const row = p.history.find((h) => h.version === '1.0.0');
        assert.deepEqual(
          [row?.date, row?.writtenBy, row?.approvedBy],
          ['6/13/25', 'Dominick Pham', 'Adam Boender'],
        );
      });
    });
  }

  test("the plan's process is iterative: each phase after the first may step back", () => {
    const p = load(IRP);
    const order = p.phases.filter((ph) => !ph.closing).map((ph) => ph.key);
    order.forEach((key, i) => {
      const next = p.phases.find((ph) => ph.key === key)?.next ?? [];
      if (i > 0) assert.ok(next.includes(order[i - 1] ?? ''), `${key} steps back`);
      assert.ok(next.includes('closed'), `${key} may close`);
    });
  });
});
