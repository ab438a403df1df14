import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, run, startToolCordon, type ToolCordon, tempDir, toolMissing, waitFor } from './harness.ts';

const BIN = 'prometheus-alertmanager';
const skip = toolMissing(BIN, 'prometheus-alertmanager');

/** docs/intake.md "Prometheus Alertmanager": the real Alertmanager posts its webhook to Cordon. */
describe('Prometheus Alertmanager → Cordon, for real', { skip }, () => {
  let c: ToolCordon;
  let am: ReturnType<typeof run>;
  let amUrl = '';
  const dir = tempDir('alertmanager');
  before(async () => {
    c = await startToolCordon();
    const { token } = await c.source('alertmanager', 'alertmanager');
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    // The recipe's configuration, with short waits so the test is quick.
    writeFileSync(
      join(dir.path, 'alertmanager.yml'),
      `route:
  receiver: cordon
  group_by: [alertname, instance]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: cordon
    webhook_configs:
      - url: ${c.url}/api/v1/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${token}
`,
    );
    am = run(BIN, [
      `--config.file=${join(dir.path, 'alertmanager.yml')}`,
      `--storage.path=${join(dir.path, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ]);
    await waitFor(
      'Alertmanager to start',
      async () => (await fetch(`${amUrl}/-/ready`).catch(() => null))?.status ?? 0,
      (s) => s === 200,
      20_000,
      am.output,
    );
  });
  after(async () => {
    await am?.stop();
    await c?.close();
    dir.remove();
  });

  const post = async (endsAt?: string) => {
    const res = await fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: {
            alertname: 'SSHBruteForce',
            instance: 'bastion-02:9100',
            severity: 'critical',
            category: 'brute-force',
          },
          annotations: { summary: '300 failed SSH logins in 5 minutes' },
          ...(endsAt ? { endsAt } : {}),
        },
      ]),
    });
    assert.equal(res.status, 200, await res.text());
  };

  test('a firing alert becomes an event from the alertmanager source; resolving it annotates the event', async () => {
    await post();
    const list = await waitFor(
      'the event',
      () => c.events(),
      (e) => e.some((x) => x.title.startsWith('SSHBruteForce')),
      20_000,
      am.output,
    );
    const e = list.find((x) => x.title.startsWith('SSHBruteForce'));
    assert.equal(e?.source, 'alert:alertmanager');
    assert.equal(e?.title, 'SSHBruteForce: 300 failed SSH logins in 5 minutes');
    assert.deepEqual(e?.alert?.entities.hosts, ['bastion-02']);
    assert.equal(e?.count, 1);
    await post(new Date(Date.now() - 1000).toISOString());
    const resolved = await waitFor(
      'the resolved notice',
      () => c.events(),
      (l) => l.some((x) => x.ref === e?.ref && x.resolvedAt !== null),
      20_000,
      am.output,
    );
    assert.equal(resolved.filter((x) => x.title.startsWith('SSHBruteForce')).length, 1);
  });
});
