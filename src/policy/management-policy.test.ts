import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadPreset, type PresetName } from './load.ts';
import type { EscalationTarget, Policy } from './schema.ts';

/**
 * The presets that carry the Incident Management Policy (its own preset and the default) say what it says. Each test is named
 * after the rule it checks, in the policy's own words.
 */

const load = (name: PresetName): Policy => loadPreset(name);
const IMP = 'incident-management-policy';
const policyPresets: PresetName[] = [IMP, 'default'];

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

describe('Incident Management Policy rules', () => {
  for (const name of policyPresets) {
    describe(name, () => {
      const p = load(name);

      test('customer incidents are forwarded to DevOps', () => {
        assert.equal(p.intake.customerReportsTeam, 'devops');
      });

      test('employees notify their supervisor, the Manager of DevOps and the CISO of any actual or suspected incident', () => {
        const steps = stepsOn(p, 'event.reported');
        const notified = steps.flatMap((s) => s.notify);
        for (const t of [
          { relation: 'reporter-supervisor' },
          { position: 'manager-of-devops' },
          { position: 'ciso' },
        ] as const)
          assert.ok(has(notified, t), JSON.stringify(t));
        assert.ok(
          steps.every((s) => s.after === '0m'),
          'immediately',
        );
      });

      test('if a data breach is suspected the supervisor, the Manager of DevOps and the CTO are notified', () => {
        const notified = stepsOn(p, 'breach.suspected').flatMap((s) => s.notify);
        for (const t of [
          { relation: 'reporter-supervisor' },
          { position: 'manager-of-devops' },
          { position: 'cto' },
        ] as const)
          assert.ok(has(notified, t), JSON.stringify(t));
      });

      test('if neither the Manager of DevOps nor the CTO is reachable the CEO is notified', () => {
        const step = stepsOn(p, 'breach.suspected').find((s) =>
          has(s.fallback?.notify ?? [], { position: 'ceo' }),
        );
        assert.ok(step, 'a breach step falls back to the CEO');
        // The fallback depends on these two only: the supervisor acknowledging must not cancel it.
        assert.deepEqual(step.notify, [{ position: 'manager-of-devops' }, { position: 'cto' }]);
        assert.equal(step.ack, 'any');
        assert.ok(step.ackTimeout, 'reachable means acknowledged within a time-out');
      });

      test('monthly vulnerability assessments are conducted and passwords change quarterly', () => {
        assert.deepEqual(
          p.schedules.map((s) => [s.id, s.every]),
          [
            ['vulnerability-assessment', 'monthly'],
            ['password-change', 'quarterly'],
          ],
        );
      });

      test('the review meeting addresses the 14 questions', () => {
        assert.equal(p.reviewQuestions.length, 14);
        assert.equal(p.reviewQuestions[0]?.text, 'The current status of the incident.');
        assert.equal(
          p.reviewQuestions[13]?.text,
          'What additional tools or resources are needed to detect, analyze, and mitigate future incidents?',
        );
      });

      test('ticket ownership remains in the DevOps team and includes classification, location, and likelihood', () => {
        assert.equal(p.fields.defaultOwnerTeam, 'devops');
        assert.ok(p.fields.classification.length > 0);
        assert.ok(p.fields.locations.length > 0);
        assert.deepEqual(p.fields.likelihood.slice(0, 3), ['Has occurred', 'Is occurring', 'Will occur']);
      });

      test('the Incident Commander handles internal and the Director of Customer Service external communications', () => {
        const role = (key: string) => p.roles.find((r) => r.key === key);
        assert.match(role('incident-commander')?.description ?? '', /internal communications/);
        assert.match(
          role('director-of-customer-service')?.description ?? '',
          /external customer communication/i,
        );
      });

      test('anomalous network events, files on disk and changes in program binaries are monitored', () => {
        assert.deepEqual(p.intake.monitoredEvents, [
          'Anomalous network events (including login attempts, privilege escalation, port scans, and more)',
          'Anomalous files on disk',
          'Anomalous changes in program binaries',
        ]);
      });

      test('changes to the environment during eradication follow the urgent change control process', () => {
        const eradication = p.phases.find((ph) => ph.key === 'eradication');
        assert.match(eradication?.description ?? '', /urgent change control process/);
      });
    });
  }

  test('containment, eradication, recovery and review follow one another', () => {
    const p = load(IMP);
    assert.deepEqual(
      p.phases.map((ph) => [ph.key, ph.next]),
      [
        ['detection-and-analysis', ['containment-and-lockdown', 'closed']],
        ['containment-and-lockdown', ['eradication']],
        ['eradication', ['recovery']],
        ['recovery', ['review']],
        ['review', ['closed']],
        ['closed', []],
      ],
    );
  });

  test('the policy names no severity scale: the preset sets no remediation SLA and says so', () => {
    const p = load(IMP);
    assert.ok(p.severities.every((s) => s.remediationSla === undefined));
    assert.match(p.metadata.description ?? '', /no remediation SLA/);
  });

  test('the policy was established and last revised on 5/1/2020', () => {
    const p = load(IMP);
    assert.deepEqual([p.metadata.established, p.metadata.lastRevised], ['5/1/2020', '5/1/2020']);
    assert.equal(p.history[0]?.date, '5/1/2020');
  });
});
