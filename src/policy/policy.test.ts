import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadPreset, PRESET_NAMES, type PresetName } from './load.ts';
import type { EscalationTarget, Policy } from './schema.ts';

/**
 * The shipped presets must say what the seed documents say. Each test is named after the rule it
 * checks, in the policy's own words.
 */

const load = (name: PresetName): Policy => loadPreset(name);
const IMP = 'incident-management-policy';
const IRP = 'incident-response-plan';
/** Presets that carry the Incident Response Plan's rules / the Incident Management Policy's rules. */
const planPresets: PresetName[] = [IRP, 'default'];
const policyPresets: PresetName[] = [IMP, 'default'];

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

describe('every preset', () => {
  for (const name of PRESET_NAMES) {
    test(`${name} parses`, () => {
      const p = load(name);
      assert.equal(p.metadata.name, name);
    });

    test(`${name}: severities run from P0 (most severe) to P3`, () => {
      const p = load(name);
      assert.deepEqual(
        p.severities.map((s) => [s.key, s.name, s.rank]),
        [
          ['P0', 'Critical', 0],
          ['P1', 'High', 1],
          ['P2', 'Medium', 2],
          ['P3', 'Low', 3],
        ],
      );
    });

    test(`${name}: every event ends with a disposition`, () => {
      assert.deepEqual(load(name).intake.dispositions, [
        'false-positive',
        'benign',
        'hoax',
        'duplicate',
        'out-of-scope',
        'other',
      ]);
    });

    test(`${name}: every incident can reach a closing phase from the initial phase`, () => {
      const p = load(name);
      const next = new Map(p.phases.map((ph) => [ph.key, ph.next]));
      const reached = new Set([p.initialPhase]);
      for (const key of reached) for (const n of next.get(key) ?? []) reached.add(n);
      assert.deepEqual([...reached].sort(), p.phases.map((ph) => ph.key).sort(), 'every phase is reachable');
      assert.ok(p.phases.some((ph) => ph.closing && reached.has(ph.key)));
    });
  }
});

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

describe('default policy', () => {
  const p = load('default');

  test('an administrator manages users and tokens, and the first one can run a response', () => {
    const admin = p.roles.find((r) => r.key === 'administrator');
    assert.ok(admin?.permissions.includes('users.manage'));
    assert.ok(admin?.permissions.includes('tokens.manage'));
    assert.deepEqual(p.access.bootstrapRoles, ['administrator', 'security-delegate']);
  });

  test('carries the roles, positions and teams of both documents', () => {
    const roles = p.roles.map((r) => r.key);
    for (const r of [
      'security-delegate',
      'incident-response-team',
      'engineer',
      'user',
      'customer',
      'legal-counsel',
    ])
      assert.ok(roles.includes(r), r);
    for (const r of ['executive-management', 'devops', 'incident-commander', 'director-of-customer-service'])
      assert.ok(roles.includes(r), r);
    assert.deepEqual(p.positions.map((x) => x.key).sort(), [
      'ceo',
      'ciso',
      'cto',
      'director-of-customer-service',
      'manager-of-devops',
      'security-delegate',
    ]);
    assert.deepEqual(p.teams.map((t) => t.key).sort(), [
      'customer-success',
      'devops',
      'executive-management',
      'legal',
    ]);
  });

  test('every open phase may step back and may close; the closure gates decide', () => {
    const open = p.phases.filter((ph) => !ph.closing);
    assert.deepEqual(
      open.map((ph) => ph.key),
      ['analysis', 'investigation', 'containment', 'eradication', 'recovery', 'review'],
    );
    open.forEach((ph, i) => {
      assert.ok(ph.next.includes('closed'), ph.key);
      for (const earlier of open.slice(0, i))
        assert.ok(ph.next.includes(earlier.key), `${ph.key} → ${earlier.key}`);
    });
    assert.ok(open.some((ph) => ph.key === p.reopenTo));
  });

  test('a P0 incident also needs a root cause analysis before it closes', () => {
    assert.ok(severity(p, 'P0').requiredBeforeClose.includes('rca'));
    assert.ok(p.closure.some((g) => g.requires === 'rca' && g.severities?.includes('P0')));
  });

  test("incident types include the collection form's and the suspected data breach", () => {
    const keys = p.incidentTypes.map((t) => t.key);
    for (const k of [
      'denial-of-service',
      'unauthorized-use',
      'hoax',
      'probe',
      'malicious-code',
      'unauthorized-access',
      'other',
      'data-breach',
      'root-account-compromise',
      'lost-or-stolen-device',
      'suspicious-email',
      'system-outage',
    ])
      assert.ok(keys.includes(k), k);
    assert.equal(p.incidentTypes.find((t) => t.key === 'data-breach')?.suspectedBreach, true);
  });

  test('suspected and confirmed unauthorized access events are reviewed for a data breach', () => {
    assert.equal(p.incidentTypes.find((t) => t.key === 'unauthorized-access')?.suspectedBreach, true);
  });

  test("both documents' history is kept", () => {
    assert.deepEqual(
      p.history.map((h) => h.date),
      ['6/13/25', '5/1/2020'],
    );
  });
});
