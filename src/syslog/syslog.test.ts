import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';
import { parseSyslog, splitFrames } from './parse.ts';

test('RFC 5424 and RFC 3164 lines parse into their fields; anything else is not syslog', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const r5 = parseSyslog(
    '<165>1 2026-03-02T09:00:02.5Z files-01 clamd 4242 ID47 [meta a="1"] \uFEFF/x: Eicar FOUND',
    now,
  );
  assert.deepEqual(r5 && { ...r5, timestamp: r5.timestamp?.toISOString() }, {
    facility: 20,
    severity: 5,
    timestamp: '2026-03-02T09:00:02.500Z',
    hostname: 'files-01',
    appName: 'clamd',
    procId: '4242',
    msgId: 'ID47',
    structuredData: '[meta a="1"]',
    message: '/x: Eicar FOUND',
    format: 'rfc5424',
  });
  const r3 = parseSyslog(
    '<38>Mar  2 09:00:01 bastion-01 fail2ban.actions[812]: NOTICE  [sshd] Ban 198.51.100.23',
    now,
  );
  assert.equal(r3?.appName, 'fail2ban.actions');
  assert.equal(r3?.procId, '812');
  assert.equal(r3?.hostname, 'bastion-01');
  assert.equal(r3?.message, 'NOTICE  [sshd] Ban 198.51.100.23');
  assert.equal(r3?.timestamp?.toISOString(), '2026-03-02T09:00:01.000Z');
  for (const bad of ['hello', '<999>1 - - - - - -', '<13>', '', '<13>1 x'])
    assert.equal(parseSyslog(bad, now), null, bad);
});

test('TCP framing: octet counting and newlines, split across chunks, with over-long frames cut', () => {
  const a = '<13>1 - h app - - - one';
  const stream = Buffer.from(
    `${a.length} ${a}<13>Mar  2 09:00:01 h app: two\n<13>Mar  2 09:00:01 h app: thr`,
  );
  const { frames, rest } = splitFrames(stream, 1000);
  assert.deepEqual(frames.map(String), [a, '<13>Mar  2 09:00:01 h app: two']);
  assert.equal(String(rest), '<13>Mar  2 09:00:01 h app: thr');
  const long = splitFrames(Buffer.from('x'.repeat(50)), 10);
  assert.equal(long.frames.length, 1);
  assert.equal(long.rest.length, 0);
});

for (const backend of testBackends()) {
  describe(`syslog intake [${backend}]`, () => {
    let t: TestCordon;
    let delegate: { token: string };
    before(async () => {
      t = await startTestCordon(backend, {
        env: { CORDON_SYSLOG_UDP_PORT: '0', CORDON_SYSLOG_TCP_PORT: '0' },
      });
      delegate = await t.user('delia', ['security-delegate']);
    });
    after(() => t.close());

    const udp = async (lines: (string | Buffer)[]) => {
      const socket = createSocket('udp4');
      for (const l of lines)
        await new Promise<void>((r) =>
          socket.send(l, t.cordon.intake.syslog?.udpPort ?? 0, '127.0.0.1', () => r()),
        );
      socket.close();
    };
    const tcp = (payload: Buffer | string) =>
      new Promise<void>((resolve, reject) => {
        const s = connect(t.cordon.intake.syslog?.tcpPort ?? 0, '127.0.0.1', () => s.end(payload));
        s.on('close', () => resolve());
        s.on('error', reject);
      });
    const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
      for (let i = 0; i < 200; i++) {
        const v = await read();
        if (ok(v)) return v;
        await new Promise((r) => setTimeout(r, 25));
      }
      return read();
    };
    const events = async () =>
      (await t.api('GET', '/api/v1/events?limit=200', { token: delegate.token })).json().items as {
        ref: string;
        source: string;
        title: string;
        count: number;
        status: string;
        resolvedAt: string | null;
        disposition: { rule: string; incidentKey: string } | null;
        alert: { entities: Record<string, string[]> };
      }[];

    test('fail2ban bans over UDP become one event per address that counts repeats; the unban resolves it', async () => {
      const ban = '<38>Mar  2 09:00:01 bastion-01 fail2ban.actions[812]: NOTICE  [sshd] Ban 198.51.100.23';
      await udp([ban]);
      await waitFor(events, (e) => e.some((x) => x.title.includes('198.51.100.23')));
      await udp([ban]);
      const list = await waitFor(events, (e) =>
        e.some((x) => x.title.includes('198.51.100.23') && x.count === 2),
      );
      const e = list.filter((x) => x.title.includes('198.51.100.23'));
      assert.equal(e.length, 1);
      assert.equal(e[0]?.source, 'alert:syslog');
      assert.equal(e[0]?.count, 2);
      assert.deepEqual(e[0]?.alert.entities, { hosts: ['bastion-01'], ips: ['198.51.100.23'] });
      await udp(['<38>Mar  2 09:10:01 bastion-01 fail2ban.actions[812]: NOTICE  [sshd] Unban 198.51.100.23']);
      const after = await waitFor(events, (l) =>
        l.some((x) => x.title.includes('198.51.100.23') && x.resolvedAt !== null),
      );
      assert.ok(after.find((x) => x.title.includes('198.51.100.23'))?.resolvedAt);
    });

    test('ClamAV (RFC 5424, octet-counted TCP) and auditd privilege escalation on a production host (newline TCP)', async () => {
      const clam =
        '<35>1 2026-03-02T09:00:02Z files-01 clamd 123 - - /srv/upload/inv.pdf.exe: Win.Test.EICAR_HDB-1 FOUND';
      const audit =
        '<14>Mar  2 09:00:03 prod-db-01 audisp-syslog: type=SYSCALL msg=audit(1772442003.123:4242): arch=c000003e syscall=59 success=yes exit=0 ppid=100 pid=101 auid=1001 uid=1001 gid=1001 euid=0 tty=pts0 ses=3 comm="sudo" exe="/usr/bin/sudo" key="privesc"';
      await tcp(`${Buffer.byteLength(clam)} ${clam}${audit}\n`);
      const list = await waitFor(
        events,
        (e) => e.some((x) => x.title.includes('EICAR')) && e.some((x) => x.title.includes('/usr/bin/sudo')),
      );
      const clamEvent = list.find((x) => x.title.includes('EICAR'));
      assert.deepEqual(clamEvent?.alert.entities.files, ['/srv/upload/inv.pdf.exe']);
      const priv = list.find((x) => x.title.includes('/usr/bin/sudo'));
      assert.equal(priv?.status, 'promoted');
      assert.equal(priv?.disposition?.rule, 'privilege-escalation-production');
    });

    test('lines that are not syslog, not UTF-8, carry NUL, or match no rule are counted and kept, not lost', async () => {
      const invalid = Buffer.concat([
        Buffer.from('<14>Mar  2 09:00:05 web-01 app: caf'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\n'),
      ]);
      await tcp(
        Buffer.concat([
          Buffer.from('hello world\n<14>Mar  2 09:00:04 web-01 cron[99]: job done\nnul\u0000byte\n'),
          invalid,
        ]),
      );
      await udp([Buffer.from([0xc3, 0x28, 0x00])]);
      const kept = await waitFor(
        async () =>
          (await t.api('GET', '/api/v1/syslog/unparsed?limit=200', { token: delegate.token })).json(),
        (v: { total: number; items: { reason: string; bytes: number; rawBase64: string }[] }) => v.total >= 5,
      );
      assert.equal(kept.total, 5, JSON.stringify(kept.items));
      const reasons = kept.items.map((i) => i.reason).sort();
      assert.deepEqual(reasons, ['no-rule', 'no-rule', 'unparsed', 'unparsed', 'unparsed']);
      const binary = kept.items.find((i) => i.bytes === 3);
      assert.equal(Buffer.from(binary?.rawBase64 ?? '', 'base64').toString('hex'), 'c32800');
      assert.equal(t.cordon.intake.syslog?.stats.dropped, 0);
    });
  });
}
