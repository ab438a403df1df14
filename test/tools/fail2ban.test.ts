import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run, startToolCordon, type ToolCordon, tempDir, toolMissing, waitFor } from './harness.ts';

const skip = toolMissing('fail2ban-server', 'fail2ban') || toolMissing('curl', 'curl');
const ACTION = new URL('../fixtures/intake/fail2ban/cordon.conf', import.meta.url).pathname;

/** docs/intake.md "fail2ban": the real fail2ban bans an address for failed SSH logins and tells Cordon. */
describe('fail2ban → Cordon, for real', { skip }, () => {
  let c: ToolCordon;
  let f2b: ReturnType<typeof run>;
  const dir = tempDir('fail2ban');
  const log = join(dir.path, 'auth.log');
  const socket = join(dir.path, 'fail2ban.sock');
  before(async () => {
    c = await startToolCordon();
    const { token } = await c.source('fail2ban');
    const conf = join(dir.path, 'conf');
    mkdirSync(join(conf, 'action.d'), { recursive: true });
    cpSync('/etc/fail2ban/filter.d', join(conf, 'filter.d'), { recursive: true });
    cpSync('/etc/fail2ban/paths-common.conf', join(conf, 'paths-common.conf'));
    cpSync('/etc/fail2ban/paths-debian.conf', join(conf, 'paths-debian.conf'));
    cpSync(ACTION, join(conf, 'action.d', 'cordon.conf'));
    writeFileSync(
      join(conf, 'fail2ban.conf'),
      `[Definition]\nloglevel = INFO\nlogtarget = STDERR\nsocket = ${socket}\npidfile = ${join(dir.path, 'f2b.pid')}\ndbfile = :memory:\n`,
    );
    writeFileSync(
      join(conf, 'jail.conf'),
      `[DEFAULT]\nbackend = polling\nbantime = 3s\nfindtime = 10m\nmaxretry = 3\n\n[sshd]\nenabled = true\nfilter = sshd\nlogpath = ${log}\naction = cordon[url="${c.url}/api/v1/alerts", token="${token}"]\n`,
    );
    writeFileSync(log, '');
    f2b = run('fail2ban-server', ['-f', '-x', '-c', conf, '-s', socket, '-p', join(dir.path, 'f2b.pid')], {
      TZ: 'UTC',
    });
    await waitFor(
      'fail2ban to watch the log',
      async () => f2b.output(),
      (o) => /Jail 'sshd' started|Jail sshd started|started/i.test(o),
      20_000,
      f2b.output,
    );
  });
  after(async () => {
    await f2b?.stop();
    await c?.close();
    dir.remove();
  });

  test('three failed SSH logins get 198.51.100.23 banned: one event with the address; the unban resolves it', async () => {
    const stamp = () => {
      const d = new Date();
      const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
      const time = d.toISOString().slice(11, 19);
      return `${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${time}`;
    };
    for (let i = 0; i < 3; i++) {
      appendFileSync(
        log,
        `${stamp()} bastion-01 sshd[4242]: Failed password for invalid user admin from 198.51.100.23 port 5${i}022 ssh2\n`,
      );
    }
    const list = await waitFor(
      'the ban to reach Cordon',
      () => c.events(),
      (e) => e.some((x) => x.title.includes('198.51.100.23')),
      30_000,
      f2b.output,
    );
    const e = list.find((x) => x.title.includes('198.51.100.23'));
    assert.equal(e?.source, 'alert:fail2ban');
    assert.equal(e?.count, 1);
    assert.deepEqual(e?.alert?.entities.ips, ['198.51.100.23']);
    assert.equal(e?.alert?.labels.jail, 'sshd');
    await waitFor(
      'the unban (bantime 3 s)',
      () => c.events(),
      (l) => l.some((x) => x.ref === e?.ref && x.resolvedAt !== null),
      30_000,
      f2b.output,
    );
  });
});
