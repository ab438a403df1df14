import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';

type User = { id: string; token: string };

for (const backend of testBackends()) {
  describe(`need-to-know incidents [${backend}]`, () => {
    let t: TestCordon;
    let delegate: User;
    let engineer: User;
    let participant: User;
    let auditor: User;
    let key: string;
    before(async () => {
      t = await startTestCordon(backend);
      delegate = await t.user('delia', ['security-delegate']);
      engineer = await t.user('enzo', ['engineer']);
      participant = await t.user('paula', ['incident-response-team']);
      auditor = await t.user('axel', ['executive-management']);
      const res = await t.api('POST', '/api/v1/incidents', {
        token: delegate.token,
        body: {
          title: 'Contractor copying customer exports',
          type: 'unauthorized-access',
          severity: 'P2',
          suspectedInternalActor: true,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      key = res.json().key;
      await t.api('POST', `/api/v1/incidents/${key}/roles`, {
        token: delegate.token,
        body: { role: 'incident-response-team', userId: participant.id },
      });
    });
    after(() => t.close());

    test('when the suspected malicious actor is internal, the incident is restricted and treated as critical', async () => {
      const incident = (await t.api('GET', `/api/v1/incidents/${key}`, { token: delegate.token })).json();
      assert.equal(incident.visibility, 'restricted');
      assert.equal(incident.severity, 'P0', 'the internal-actor special case raises severity to critical');
    });

    test('a restricted incident is invisible to other employees: not found, not listed, not searchable, not counted', async () => {
      const get = await t.api('GET', `/api/v1/incidents/${key}`, { token: engineer.token });
      assert.equal(get.statusCode, 404);
      assert.equal(get.json().error.code, 'incident.not_found');
      const unknown = await t.api('GET', '/api/v1/incidents/INC-2026-9999', { token: engineer.token });
      assert.equal(
        unknown.json().error.message.replace('INC-2026-9999', key),
        get.json().error.message,
        'the same answer as a missing incident',
      );
      const list = (await t.api('GET', '/api/v1/incidents?limit=200', { token: engineer.token })).json();
      assert.ok(!list.items.some((i: { key: string }) => i.key === key));
      const search = (
        await t.api('GET', `/api/v1/incidents?q=${encodeURIComponent('Contractor')}`, {
          token: engineer.token,
        })
      ).json();
      assert.equal(search.items.length, 0);
      const timeline = await t.api('GET', `/api/v1/incidents/${key}/timeline`, { token: engineer.token });
      assert.equal(timeline.statusCode, 404);
      const note = await t.api('POST', `/api/v1/incidents/${key}/timeline`, {
        token: engineer.token,
        body: { text: 'probing' },
      });
      assert.equal(note.statusCode, 404);
    });

    test('its participants and the Security Delegate see it', async () => {
      assert.equal(
        (await t.api('GET', `/api/v1/incidents/${key}`, { token: participant.token })).statusCode,
        200,
      );
      assert.equal(
        (await t.api('GET', `/api/v1/incidents/${key}`, { token: delegate.token })).statusCode,
        200,
      );
      const list = (await t.api('GET', '/api/v1/incidents', { token: participant.token })).json();
      assert.ok(list.items.some((i: { key: string }) => i.key === key));
    });

    test('the audit log hides a restricted incident from readers outside it', async () => {
      const outsider = (await t.api('GET', '/api/v1/audit?limit=500', { token: auditor.token })).json();
      assert.ok(outsider.items.length > 0);
      assert.ok(
        !outsider.items.some(
          (e: { incidentKey: string | null; targetId: string | null }) =>
            e.incidentKey === key || e.targetId === key,
        ),
      );
      const insider = (await t.api('GET', '/api/v1/audit?limit=500', { token: delegate.token })).json();
      assert.ok(insider.items.some((e: { incidentKey: string | null }) => e.incidentKey === key));
    });

    test('every read of a restricted incident is audited, with who read it', async () => {
      const before = (
        await t.api('GET', `/api/v1/audit?action=incident.read&incidentKey=${key}`, { token: delegate.token })
      ).json();
      await t.api('GET', `/api/v1/incidents/${key}`, { token: participant.token });
      const after = (
        await t.api('GET', `/api/v1/audit?action=incident.read&incidentKey=${key}`, { token: delegate.token })
      ).json();
      assert.equal(after.items.length, before.items.length + 1);
      assert.equal(after.items[0].actor.id, participant.id);
    });

    test('reading a restricted incident’s timeline is audited too; a refused read shows nothing', async () => {
      const reads = async () =>
        (
          await t.api('GET', `/api/v1/audit?action=incident.timeline_read&incidentKey=${key}`, {
            token: delegate.token,
          })
        ).json().items as { actor: { id: string } }[];
      const before = await reads();
      const timeline = await t.api('GET', `/api/v1/incidents/${key}/timeline`, { token: participant.token });
      assert.equal(timeline.statusCode, 200, timeline.body);
      assert.ok(timeline.json().items.length > 0);
      assert.equal(
        (await t.api('GET', `/api/v1/incidents/${key}/timeline`, { token: engineer.token })).statusCode,
        404,
      );
      const after = await reads();
      assert.equal(after.length, before.length + 1);
      assert.equal(after[0]?.actor.id, participant.id);
    });

    test('only the Security Delegate may lift need-to-know', async () => {
      const res = await t.api('PATCH', `/api/v1/incidents/${key}`, {
        token: participant.token,
        body: { visibility: 'normal' },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(
        (await t.api('GET', `/api/v1/incidents/${key}`, { token: delegate.token })).json().visibility,
        'restricted',
      );
    });

    test('an event promoted into a restricted incident is hidden from other triagers', async () => {
      const report = await t.api('POST', '/api/v1/reports', {
        token: participant.token,
        body: { title: 'Insider exfil lead', description: 'Seen copying files to USB.' },
      });
      const ref = report.json().ref;
      const promoted = await t.api('POST', `/api/v1/events/${ref}/disposition`, {
        token: delegate.token,
        body: {
          action: 'promote',
          type: 'unauthorized-access',
          severity: 'P1',
          suspectedInternalActor: true,
        },
      });
      assert.equal(promoted.statusCode, 200, promoted.body);
      assert.equal((await t.api('GET', `/api/v1/events/${ref}`, { token: engineer.token })).statusCode, 404);
      const events = (await t.api('GET', '/api/v1/events?limit=200', { token: engineer.token })).json();
      assert.ok(!events.items.some((e: { ref: string }) => e.ref === ref));
    });
  });
}
