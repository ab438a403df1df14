import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { registerTestSource } from '../../test/fixtures/intake/sources.ts';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/intake/${name}`, import.meta.url), 'utf8');

for (const backend of testBackends()) {
  describe(`alerts from detection tools [${backend}]`, () => {
    let t: TestCordon;
    let tool: { id: string; token: string };
    let delegate: { id: string; token: string };
    before(async () => {
      t = await startTestCordon(backend);
      tool = await registerTestSource(t, 'edr');
      delegate = await t.user('delia', ['security-delegate']);
    });
    after(() => t.close());

    const send = (body: unknown, url = '/api/v1/alerts', token = tool.token) =>
      t.api('POST', url, { token, body });
    const event = async (ref: string) => {
      const res = await t.api('GET', `/api/v1/events/${ref}`, { token: delegate.token });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    test('an alert becomes an event awaiting triage, filed under its source, acknowledged with its reference', async () => {
      const res = await send({
        title: 'Port scan from 198.51.100.7',
        severity: 'low',
        labels: { category: 'port-scan' },
        entities: { ips: ['198.51.100.7'] },
      });
      assert.equal(res.statusCode, 200, res.body);
      const [item] = res.json().items;
      assert.equal(item.result, 'created');
      const e = await event(item.ref);
      assert.equal(e.source, 'alert:edr');
      assert.equal(e.status, 'awaiting_triage');
      assert.equal(e.count, 1);
      assert.deepEqual(e.suggested, { type: 'probe', severity: 'P3', rule: 'port-scan' });
      assert.deepEqual(e.alert.entities, { ips: ['198.51.100.7'] });
    });

    test('a repeat of an open event counts up and moves last-seen instead of adding a row', async () => {
      const alert = {
        title: 'Disk full on db-09',
        severity: 'medium',
        labels: { mount: '/' },
        entities: { hosts: ['db-09'] },
      };
      const first = (await send(alert)).json().items[0];
      const again = (await send(alert)).json().items[0];
      const third = (await send({ alerts: [alert, alert] })).json().items;
      assert.equal(again.ref, first.ref);
      assert.equal(again.result, 'repeated');
      assert.deepEqual(
        third.map((i: { count: number }) => i.count),
        [3, 4],
      );
      const e = await event(first.ref);
      assert.equal(e.count, 4);
      const list = await t.api('GET', '/api/v1/events?q=db-09', { token: delegate.token });
      assert.equal(list.json().items.length, 1);
    });

    test('a resolved notice annotates the event; firing again clears it and counts', async () => {
      const alert = {
        title: 'Brute force on vpn-01',
        fingerprint: 'bf-vpn-01',
        entities: { hosts: ['vpn-01'] },
      };
      const { ref } = (await send(alert)).json().items[0];
      const resolved = (await send({ ...alert, status: 'resolved' })).json().items[0];
      assert.equal(resolved.result, 'resolved');
      assert.ok((await event(ref)).resolvedAt);
      await send(alert);
      const e = await event(ref);
      assert.equal(e.resolvedAt, null);
      assert.equal(e.count, 2);
      const orphan = (await send({ title: 'never fired', status: 'resolved' })).json().items[0];
      assert.deepEqual(orphan, { ref: null, result: 'ignored', count: 0 });
    });

    test('privilege escalation on a production host is promoted to a P1 incident by the routing rule, as the system', async () => {
      const res = await send({
        title: 'sudo to root by mallory',
        severity: 'high',
        labels: { category: 'privilege-escalation' },
        entities: { hosts: ['prod-web-01'], accounts: ['mallory'] },
      });
      const e = await event(res.json().items[0].ref);
      assert.equal(e.status, 'promoted');
      assert.equal(e.disposition.rule, 'privilege-escalation-production');
      assert.equal(e.disposition.by, null);
      const incident = (
        await t.api('GET', `/api/v1/incidents/${e.disposition.incidentKey}`, { token: delegate.token })
      ).json();
      assert.equal(incident.severity, 'P1');
      assert.equal(incident.type, 'unauthorized-access');
      const audit = (await t.api('GET', '/api/v1/audit?action=event.promoted')).json().items;
      const entry = audit.find((a: { targetId: string }) => a.targetId === e.ref);
      assert.equal(entry.actor, null);
      assert.equal(entry.data.rule, 'privilege-escalation-production');
      const staging = await send({
        title: 'sudo to root',
        labels: { category: 'privilege-escalation' },
        entities: { hosts: ['staging-01'] },
      });
      const s = await event(staging.json().items[0].ref);
      assert.equal(s.status, 'awaiting_triage');
      assert.deepEqual(s.suggested, {
        type: 'unauthorized-access',
        severity: 'P2',
        rule: 'privilege-escalation',
      });
    });

    test('an alert sharing an entity with an open incident is linked to it, on the incident timeline', async () => {
      const promoted = await send({
        title: 'Root shell',
        labels: { category: 'privilege-escalation', environment: 'production' },
        entities: { hosts: ['pay-01'] },
      });
      const key = (await event(promoted.json().items[0].ref)).disposition.incidentKey;
      const related = await send({
        title: 'Outbound connection to 203.0.113.9',
        entities: { hosts: ['PAY-01'], ips: ['203.0.113.9'] },
      });
      const e = await event(related.json().items[0].ref);
      assert.equal(e.status, 'merged');
      assert.equal(e.disposition.incidentKey, key);
      assert.equal(e.disposition.rule, 'correlation');
      const timeline = (
        await t.api('GET', `/api/v1/incidents/${key}/timeline`, { token: delegate.token })
      ).json().items;
      const linked = timeline.find((x: { kind: string }) => x.kind === 'event.merged');
      assert.equal(linked.data.eventRef, e.ref);
      assert.equal(linked.data.entity, 'host:pay-01');
      const reported = (await t.api('GET', '/api/v1/audit?action=event.reported')).json().items;
      assert.ok(reported.some((a: { targetId: string }) => a.targetId === e.ref));
    });

    test('Alertmanager webhook: firing becomes an event with the host from `instance`; resolved annotates it', async () => {
      const am = await registerTestSource(t, 'alertmanager', 'alertmanager');
      const firing = JSON.parse(fixture('alertmanager-firing.json'));
      const res = await send(firing, '/api/v1/alerts/alertmanager', am.token);
      assert.equal(res.statusCode, 200, res.body);
      const e = await event(res.json().items[0].ref);
      assert.equal(e.title, 'HostDiskFull: Disk almost full on db-01');
      assert.equal(e.source, 'alert:alertmanager');
      assert.deepEqual(e.alert.entities.hosts, ['db-01']);
      assert.equal(e.alert.severity, 'medium');
      assert.equal((await send(firing, '/api/v1/alerts/alertmanager', am.token)).json().items[0].count, 2);
      const resolved = {
        ...firing,
        status: 'resolved',
        alerts: firing.alerts.map((a: object) => ({ ...a, status: 'resolved' })),
      };
      assert.equal(
        (await send(resolved, '/api/v1/alerts/alertmanager', am.token)).json().items[0].result,
        'resolved',
      );
      assert.ok((await event(e.ref)).resolvedAt);
    });

    test('OCSF Detection Finding: title, severity and observables become the event', async () => {
      const res = await send(JSON.parse(fixture('ocsf-detection-finding.json')), '/api/v1/alerts/ocsf');
      assert.equal(res.statusCode, 200, res.body);
      const e = await event(res.json().items[0].ref);
      assert.equal(e.title, 'Mimikatz execution on ws-042');
      assert.equal(e.alert.severity, 'critical');
      assert.deepEqual(e.alert.entities.accounts, ['jdoe']);
      assert.deepEqual(e.alert.entities.ips, ['10.1.2.42', '203.0.113.77']);
      assert.equal(e.alert.entities.hashes.length, 1);
      assert.equal(e.suggested.severity, 'P1');
    });

    test('bad alerts get 400 with field errors, oversized ones 413, unknown or revoked tokens 401; nothing is stored', async () => {
      const before = (await t.api('GET', '/api/v1/events?limit=200', { token: delegate.token })).json().items
        .length;
      const bad = await send({ alerts: [{ title: 'ok' }, { title: '', severity: 'apocalyptic' }] });
      assert.equal(bad.statusCode, 400);
      const paths = bad.json().error.details.map((d: { path: string }) => d.path);
      assert.ok(paths.includes('body.alerts.1.title'), paths.join());
      assert.ok(paths.includes('body.alerts.1.severity'), paths.join());
      const wrongSource = await send({ title: 'spoof', source: 'someone-else' });
      assert.equal(wrongSource.statusCode, 400);
      assert.equal(wrongSource.json().error.details[0].path, 'body.source');
      const huge = await t.api('POST', '/api/v1/alerts', {
        token: tool.token,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ title: 'x', description: 'y'.repeat(6 * 1024 * 1024) }),
      });
      assert.equal(huge.statusCode, 413);
      assert.equal(
        (await send({ title: 'who' }, '/api/v1/alerts', 'cordon_src_not-a-token')).statusCode,
        401,
      );
      assert.equal(
        (await send({ title: 'who' }, '/api/v1/alerts', null as unknown as string)).statusCode,
        401,
      );
      assert.equal((await send({ title: 'user token' }, '/api/v1/alerts', delegate.token)).statusCode, 401);
      const retired = await registerTestSource(t, 'retired');
      assert.equal((await t.api('DELETE', `/api/v1/alert-sources/${retired.id}`)).statusCode, 204);
      assert.equal((await send({ title: 'after revoke' }, '/api/v1/alerts', retired.token)).statusCode, 401);
      const after = (await t.api('GET', '/api/v1/events?limit=200', { token: delegate.token })).json().items
        .length;
      assert.equal(after, before);
    });

    test('alert sources are managed by administrators only, and their tokens are never shown again', async () => {
      assert.equal(
        (await t.api('POST', '/api/v1/alert-sources', { token: delegate.token, body: { name: 'nope' } }))
          .statusCode,
        403,
      );
      const list = await t.api('GET', '/api/v1/alert-sources');
      assert.equal(list.statusCode, 200);
      const edr = list.json().items.find((s: { name: string }) => s.name === 'edr');
      assert.equal(edr.kind, 'generic');
      assert.ok(!JSON.stringify(list.json()).includes(tool.token));
      assert.equal((await t.api('POST', '/api/v1/alert-sources', { body: { name: 'edr' } })).statusCode, 409);
      const audit = (await t.api('GET', '/api/v1/audit?action=alert_source.registered')).json().items;
      assert.ok(audit.some((a: { data: { name: string } }) => a.data.name === 'edr'));
    });
  });
}
