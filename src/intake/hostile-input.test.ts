import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { registerTestSource } from '../../test/fixtures/intake/sources.ts';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';

/**
 * Issue 5, "Bad input": broken and hostile payloads at every intake (HTTP alerts in three formats, syslog,
 * SMTP), sent while valid alerts and mail flow: nothing crashes, every hostile request gets a 4xx in the
 * error shape (or is kept as unparsed), and every valid one is stored.
 */
const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const hostileAlerts: { label: string; payload: string | Buffer; status: number }[] = [
  { label: 'not JSON', payload: '{"title": ', status: 400 },
  { label: 'empty object', payload: '{}', status: 400 },
  { label: 'wrong types', payload: JSON.stringify({ title: 42, labels: [] }), status: 400 },
  {
    label: '65 labels',
    payload: JSON.stringify({
      title: 't',
      labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'v'])),
    }),
    status: 400,
  },
  {
    label: 'huge label value',
    payload: JSON.stringify({ title: 't', labels: { a: 'v'.repeat(5000) } }),
    status: 400,
  },
  {
    label: 'label name injection',
    payload: JSON.stringify({ title: 't', labels: { 'a b\r\nX': 'v' } }),
    status: 400,
  },
  { label: 'deep nesting', payload: `{"title":"t","labels":${deep(5000)}}`, status: 400 },
  { label: 'NUL in title', payload: JSON.stringify({ title: 'a\u0000b' }), status: 400 },
  { label: 'lone surrogate', payload: '{"title":"a\\ud800b"}', status: 400 },
  {
    label: 'invalid UTF-8',
    payload: Buffer.concat([Buffer.from('{"title":"caf'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    status: 400,
  },
  { label: '__proto__ key', payload: '{"title":"t","__proto__":{"polluted":true}}', status: 400 },
  {
    label: '1001 alerts',
    payload: JSON.stringify({ alerts: Array.from({ length: 1001 }, () => ({ title: 't' })) }),
    status: 400,
  },
  {
    label: 'bad hash',
    payload: JSON.stringify({ title: 't', entities: { hashes: ['not-hex'] } }),
    status: 400,
  },
  { label: 'bad time', payload: JSON.stringify({ title: 't', observedAt: 'yesterday' }), status: 400 },
  {
    label: 'oversized',
    payload: JSON.stringify({ title: 't', description: 'x'.repeat(5.5 * 1024 * 1024) }),
    status: 413,
  },
];

for (const backend of testBackends()) {
  describe(`hostile input at every intake [${backend}]`, () => {
    let t: TestCordon;
    let tool: { token: string };
    before(async () => {
      t = await startTestCordon(backend, {
        env: {
          CORDON_SYSLOG_TCP_PORT: '0',
          CORDON_SMTP_INTAKE_PORT: '0',
          CORDON_INTAKE_MAX_MAIL_BYTES: '500000',
        },
      });
      tool = await registerTestSource(t, 'fuzz');
    });
    after(() => t.close());

    const post = (url: string, payload: string | Buffer) =>
      t.api('POST', url, {
        token: tool.token,
        headers: { 'content-type': 'application/json' },
        payload: payload as string,
      });

    test('HTTP: each hostile alert is refused with its status and the error shape, while valid alerts all land', async () => {
      const valid = Array.from({ length: 30 }, (_, i) =>
        post('/api/v1/alerts', JSON.stringify({ title: `valid ${i % 10}`, fingerprint: `v${i % 10}` })),
      );
      const urls = ['/api/v1/alerts', '/api/v1/alerts/alertmanager', '/api/v1/alerts/ocsf'];
      const hostile = urls.flatMap((url) =>
        hostileAlerts.map(async (h) => ({ h, url, res: await post(url, h.payload) })),
      );
      for (const { h, url, res } of await Promise.all(hostile)) {
        assert.ok(
          res.statusCode >= 400 && res.statusCode < 500,
          `${url} ${h.label}: ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
        if (url === '/api/v1/alerts')
          assert.equal(res.statusCode, h.status, `${h.label}: ${res.body.slice(0, 200)}`);
        const error = res.json().error;
        assert.equal(typeof error.code, 'string', h.label);
        assert.equal(error.requestId, res.headers['x-request-id']);
        assert.doesNotMatch(res.body, /node:internal|\.ts:\d+|insert into|select /i, h.label);
      }
      const ok = await Promise.all(valid);
      assert.ok(ok.every((r) => r.statusCode === 200));
      const events = (await t.api('GET', '/api/v1/events?q=valid&limit=200')).json().items as {
        title: string;
        count: number;
      }[];
      assert.equal(events.length, 10);
      assert.equal(
        events.reduce((n, e) => n + e.count, 0),
        30,
        'every valid alert counted once',
      );
      assert.equal(Object.getOwnPropertyDescriptor(Object.prototype, 'polluted'), undefined);
      assert.equal((await t.api('GET', '/healthz', { token: null })).statusCode, 200);
    });

    test('syslog: huge, binary and garbage frames are kept as unparsed; the valid line after them is an alert', async () => {
      const valid = '<38>Mar  2 09:00:01 gw-01 fail2ban.actions[1]: NOTICE  [sshd] Ban 192.0.2.99';
      const frames = Buffer.concat([
        Buffer.from(`${'A'.repeat(100_000)}\n`),
        Buffer.from([0x00, 0x01, 0xff, 0x0a]),
        Buffer.from('999999 <13>1 truncated-octet-count\n'),
        Buffer.from(`<13>1 - - - - - - ${'\u202e'.repeat(10)}\n`),
        Buffer.from(`${valid}\n`),
      ]);
      await new Promise<void>((resolve, reject) => {
        const s = connect(t.cordon.intake.syslog?.tcpPort ?? 0, '127.0.0.1', () => s.end(frames));
        s.on('close', () => resolve());
        s.on('error', reject);
      });
      for (let i = 0; i < 200; i++) {
        const e = (await t.api('GET', '/api/v1/events?q=192.0.2.99')).json().items;
        if (e.length === 1) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.equal((await t.api('GET', '/api/v1/events?q=192.0.2.99')).json().items.length, 1);
      const kept = (await t.api('GET', '/api/v1/syslog/unparsed?limit=200')).json();
      assert.ok(kept.total >= 3, JSON.stringify(kept).slice(0, 500));
    });

    test('SMTP: hostile mail (invalid UTF-8, nested MIME, odd attachment names, header floods) is stored safely or refused', async () => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: t.cordon.intake.smtpPort ?? 0,
        secure: false,
        ignoreTLS: true,
      });
      const nested = (n: number): string =>
        n === 0
          ? 'Content-Type: text/plain\r\n\r\ninner\r\n'
          : `Content-Type: multipart/mixed; boundary="b${n}"\r\n\r\n--b${n}\r\n${nested(n - 1)}--b${n}--\r\n`;
      const raws = [
        `From: a@x.example\r\nTo: s@corp.example\r\nSubject: =?utf-8?B?${Buffer.from([0xff, 0xfe, 0x41]).toString('base64')}?=\r\n\r\nbody \u0000 with NUL\r\n`,
        `From: b@x.example\r\nTo: s@corp.example\r\nSubject: nested\r\nMIME-Version: 1.0\r\n${nested(60)}`,
        `From: c@x.example\r\nTo: s@corp.example\r\nSubject: names\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="z"\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\nhi\r\n--z\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="../../etc/passwd\r\n\u0000.sh"\r\n\r\nroot:x:0:0\r\n--z--\r\n`,
        `From: d@x.example\r\nTo: s@corp.example\r\nSubject: flood\r\n${'X-Flood: y\r\n'.repeat(5000)}\r\nbody\r\n`,
      ];
      for (const raw of raws) {
        const info = await transport.sendMail({
          envelope: { from: 'x@x.example', to: ['s@corp.example'] },
          raw,
        });
        assert.match(info.response, /recorded as EVT-/);
      }
      const names = (await t.api('GET', '/api/v1/events?q=names')).json().items;
      const files = (await t.api('GET', `/api/v1/events/${names[0].ref}/attachments`)).json().items;
      assert.ok(!/[\r\n]/.test(files[0].filename) && !files[0].filename.includes('\u0000'));
      assert.equal((await t.api('GET', '/healthz', { token: null })).statusCode, 200);
    });
  });
}
