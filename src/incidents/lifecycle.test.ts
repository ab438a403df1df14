import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';

for (const backend of testBackends()) {
  describe(`incident lifecycle [${backend}]`, () => {
    let t: TestCordon;
    let delegate: { id: string; token: string };
    let engineer: { id: string; token: string };
    let employee: { id: string; token: string };
    before(async () => {
      t = await startTestCordon(backend);
      delegate = await t.user('delia', ['security-delegate']);
      engineer = await t.user('enzo', ['engineer']);
      employee = await t.user('emma', ['user']);
    });
    after(() => t.close());

    const reportAndPromote = async (severity: string) => {
      const report = await t.api('POST', '/api/v1/reports', {
        token: employee.token,
        body: {
          title: 'Unknown process on build server',
          description: 'A process named kworkerx uses 100% CPU and connects to 203.0.113.9.',
          systems: ['build-01'],
        },
      });
      assert.equal(report.statusCode, 201, report.body);
      const ref = report.json().ref as string;
      const promoted = await t.api('POST', `/api/v1/events/${ref}/disposition`, {
        token: delegate.token,
        body: { action: 'promote', type: 'malicious-code', severity },
      });
      assert.equal(promoted.statusCode, 200, promoted.body);
      return {
        ref,
        incident: promoted.json().incident as {
          key: string;
          phase: string;
          severity: string;
          remediationDueAt: string;
          declaredAt: string;
        },
      };
    };

    const move = (key: string, to: string, token = delegate.token) =>
      t.api('POST', `/api/v1/incidents/${key}/transitions`, { token, body: { to } });

    test('a report becomes an event awaiting triage, with a reference for the reporter', async () => {
      const res = await t.api('POST', '/api/v1/reports', {
        token: employee.token,
        body: { title: 'Phishing e-mail', description: 'Asked for my password.' },
      });
      assert.equal(res.statusCode, 201);
      const event = res.json();
      assert.match(event.ref, /^EVT-\d{4}-\d{6}$/);
      assert.equal(event.status, 'awaiting_triage');
      assert.equal(event.reporter.userId, employee.id);
    });

    test('a promoted event records who promoted it, when, and into which incident', async () => {
      const { ref, incident } = await reportAndPromote('P2');
      const event = (await t.api('GET', `/api/v1/events/${ref}`, { token: delegate.token })).json();
      assert.equal(event.status, 'promoted');
      assert.equal(event.disposition.action, 'promote');
      assert.equal(event.disposition.by.id, delegate.id);
      assert.equal(event.disposition.incidentKey, incident.key);
      assert.match(incident.key, /^INC-\d{4}-\d{4}$/);
    });

    test('P1 incidents are to be closed within 14 days: the remediation due time comes from the policy SLA', async () => {
      const { incident } = await reportAndPromote('P1');
      const due = Date.parse(incident.remediationDueAt) - Date.parse(incident.declaredAt);
      assert.equal(due, 14 * 86_400_000);
    });

    test('a P1 incident cannot close without a root cause analysis, and only the Security Delegate closes it', async () => {
      const { incident } = await reportAndPromote('P1');
      const key = incident.key;
      for (const phase of ['investigation', 'containment', 'eradication', 'recovery', 'review']) {
        const res = await move(key, phase, engineer.token);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().phase, phase);
      }
      const refused = await move(key, 'closed');
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().error.code, 'incident.closure_gate');
      assert.match(refused.json().error.message, /root cause analysis/);
      assert.ok(
        refused
          .json()
          .error.details.violations.some((v: { gate: string }) => v.gate === 'p1-root-cause-analysis'),
      );

      const rca = await t.api('PUT', `/api/v1/incidents/${key}/rca`, {
        token: engineer.token,
        body: {
          body: 'Root cause: an exposed CI token allowed the attacker to run a miner. Fixed by rotating the token.',
        },
      });
      assert.equal(rca.statusCode, 200, rca.body);
      const withRca = (await t.api('GET', `/api/v1/incidents/${key}`, { token: delegate.token })).json();
      assert.equal(withRca.hasRca, true);

      const engineerCloses = await move(key, 'closed', engineer.token);
      assert.equal(engineerCloses.statusCode, 422);
      assert.equal(engineerCloses.json().error.code, 'incident.closure_gate');
      assert.match(engineerCloses.json().error.message, /Only the Security Delegate/);

      const closed = await move(key, 'closed');
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().phase, 'closed');
      assert.ok(closed.json().closedAt);
      assert.ok(closed.json().phaseTimes.review);
    });

    test('a closed incident may be reopened into the policy reopen phase, and the timeline says so', async () => {
      const { incident } = await reportAndPromote('P3');
      assert.equal((await move(incident.key, 'closed')).statusCode, 200);
      const reopened = await move(incident.key, 'investigation');
      assert.equal(reopened.statusCode, 200, reopened.body);
      assert.equal(reopened.json().isOpen, true);
      const timeline = (
        await t.api('GET', `/api/v1/incidents/${incident.key}/timeline`, { token: delegate.token })
      ).json();
      assert.deepEqual(
        timeline.items.map((e: { kind: string }) => e.kind),
        ['incident.declared', 'incident.closed', 'incident.reopened'],
      );
    });

    test('role holders are shown with their names, and the declarer and assignee are named', async () => {
      const res = await t.api('POST', '/api/v1/incidents', {
        token: delegate.token,
        body: {
          title: 'Suspicious e-mail wave',
          type: 'suspicious-email',
          severity: 'P3',
          assigneeId: engineer.id,
        },
      });
      const key = res.json().key;
      const assigned = await t.api('POST', `/api/v1/incidents/${key}/roles`, {
        token: delegate.token,
        body: { role: 'incident-commander', userId: engineer.id },
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
      const incident = (await t.api('GET', `/api/v1/incidents/${key}`, { token: delegate.token })).json();
      assert.deepEqual(incident.roles, [
        { role: 'incident-commander', user: { id: engineer.id, name: 'Enzo', username: 'enzo' } },
      ]);
      assert.equal(incident.assignee.id, engineer.id);
      assert.equal(incident.declaredBy.id, delegate.id);
      assert.equal(incident.hasRca, false);
      const listed = (await t.api('GET', `/api/v1/incidents?q=${key}`, { token: delegate.token })).json();
      assert.deepEqual(
        listed.items.map((i: { key: string }) => i.key),
        [key],
      );
      assert.equal(listed.items[0].roles.length, 1);
    });

    test('a move the policy does not allow is refused with the allowed moves', async () => {
      const { incident } = await reportAndPromote('P2');
      const res = await move(incident.key, 'recovery');
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'incident.invalid_transition');
      assert.ok(Array.isArray(res.json().error.details.allowed));
    });

    test('every change lands on the timeline and the audit chains verify', async () => {
      const { incident } = await reportAndPromote('P2');
      await t.api('POST', `/api/v1/incidents/${incident.key}/severity`, {
        token: delegate.token,
        body: { severity: 'P1', reason: 'Evidence of exfiltration' },
      });
      await t.api('POST', `/api/v1/incidents/${incident.key}/timeline`, {
        token: engineer.token,
        body: { text: 'Isolated build-01 from the network.' },
      });
      const timeline = (
        await t.api('GET', `/api/v1/incidents/${incident.key}/timeline`, { token: delegate.token })
      ).json();
      assert.deepEqual(
        timeline.items.map((e: { kind: string }) => e.kind),
        ['incident.declared', 'incident.severity_changed', 'note'],
      );
      const verify = await t.api('GET', '/api/v1/audit/verify', { token: delegate.token });
      assert.equal(verify.statusCode, 200);
      assert.equal(verify.json().ok, true, JSON.stringify(verify.json()));
    });
  });
}
