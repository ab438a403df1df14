import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FakeSmsGateway } from '../../test/fakes/sms-gateway.ts';
import { freePort, SmtpReceiver } from '../../test/fakes/smtp-receiver.ts';
import { DIRECTORY_YAML, eventually } from '../../test/fakes/world.ts';
import { createTestDatabase, testBackends } from '../../test/harness/database.ts';

/**
 * The real server (`cordon serve`, workers on, system clock) killed with SIGKILL in the middle of an
 * escalation and started again on the same data: nothing is lost and nothing is sent twice. The policy is
 * the default with a short acknowledgement timeout so the CEO's fallback comes due while the server is down.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const ACK_TIMEOUT_S = 4;

function shortTimeoutPolicy(dir: string): string {
  const source = readFileSync(join(ROOT, 'policies', 'default.yaml'), 'utf8').replace(
    /ackTimeout: 15m/g,
    `ackTimeout: ${ACK_TIMEOUT_S}s`,
  );
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, source);
  return file;
}

interface Server {
  child: ChildProcess;
  url: string;
}

/** Starts `cordon serve`; on PGlite a killed server's lock goes stale after 30 s, so a refused start waits. */
async function serve(env: Record<string, string>): Promise<Server> {
  const until = Date.now() + 60_000;
  for (;;) {
    const child = spawn(process.execPath, [join(ROOT, 'src', 'app', 'main.ts'), 'serve'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = await new Promise<{ url: string } | { code: number | null; err: string }>((resolve) => {
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Cordon is serving (http:\/\/\S+)/.exec(out);
        if (match?.[1]) resolve({ url: match[1] });
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      child.on('exit', (code) => resolve({ code, err }));
    });
    if ('url' in started) return { child, url: started.url };
    if (started.code !== 78 || !started.err.includes('in use') || Date.now() > until)
      throw new Error(`serve exited ${started.code}: ${started.err}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function kill(server: Server): Promise<void> {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGKILL');
  await exited;
}

for (const backend of testBackends()) {
  describe(`durability: the server killed in the middle of an escalation [${backend}]`, {
    timeout: 180_000,
  }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-durability-'));
    const adminToken = `durability-admin-${randomBytes(24).toString('hex')}`;
    let smtp: SmtpReceiver;
    let sms: FakeSmsGateway;
    let env: Record<string, string>;
    let closeDatabase: () => Promise<void> = async () => {};
    let server: Server | null = null;

    before(async () => {
      smtp = await SmtpReceiver.start();
      sms = await new FakeSmsGateway().start();
      env = {
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        CORDON_ADMIN_TOKEN: adminToken,
        CORDON_POLICY: shortTimeoutPolicy(dir),
        CORDON_SECRET_KEY: randomBytes(32).toString('base64'),
        CORDON_SMTP_HOST: '127.0.0.1',
        CORDON_SMTP_PORT: String(smtp.port),
        CORDON_SMTP_FROM: 'cordon@example.com',
        CORDON_SMS_GATEWAY_URL: sms.url,
        CORDON_SMS_GATEWAY_TOKEN: sms.token,
        CORDON_DELIVERY_RETRY_SECONDS: '1',
        CORDON_DELIVERY_TIMEOUT_SECONDS: '3',
      };
      if (backend === 'pglite') env.CORDON_DATA = join(dir, 'data');
      else {
        const database = await createTestDatabase('postgres');
        env.DATABASE_URL = database.url ?? '';
        closeDatabase = () => database.close();
      }
    });
    after(async () => {
      if (server) await kill(server);
      await closeDatabase();
      await smtp.close();
      await sms.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const api = async (method: string, path: string, body?: unknown, token = adminToken) => {
      if (!server) throw new Error('no server');
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    };

    test('no notification is lost and none is sent twice; the CEO is paged after the restart', async () => {
      server = await serve(env);
      const tokens: Record<string, string> = {};
      for (const [username, roles] of [
        ['emma', ['user']],
        ['sam', ['user']],
        ['dana', ['devops']],
        ['carl', ['executive-management']],
        ['cathy', ['executive-management']],
        ['cleo', ['user']],
        ['delia', ['security-delegate']],
        ['enzo', ['engineer']],
        ['erin', ['engineer']],
      ] as const) {
        const user = await api('POST', '/users', { username, name: username, roles });
        assert.equal(user.status, 201, JSON.stringify(user.json));
        tokens[username] = (await api('POST', '/tokens', { name: 'test', userId: user.json.id })).json.secret;
      }
      assert.equal(
        (await api('POST', '/directory/import', { format: 'yaml', content: DIRECTORY_YAML })).status,
        200,
      );

      const report = await api(
        'POST',
        '/reports',
        { title: 'Customer data for sale', description: 'Seen on a forum.', suspectedBreach: true },
        tokens.emma,
      );
      assert.equal(report.status, 201);
      // The first pages are out: the supervisor, the Manager of DevOps and the CTO.
      await eventually(
        () =>
          ['sam@example.com', 'dana@example.com', 'carl@example.com'].every((a) => smtp.to(a).length > 0) &&
          sms.messages.length >= 2,
        20_000,
        'the first pages',
      );
      await new Promise((r) => setTimeout(r, 500));
      await kill(server);
      server = null;
      const beforeRestart = { mail: smtp.messages.length, sms: sms.messages.length };
      assert.equal(sms.to('+15550000005').length, 0, 'the CEO was not paged before the timeout');

      // Down for longer than the acknowledgement timeout (and on PGlite, until the dead process's lock is stale).
      await new Promise((r) => setTimeout(r, (ACK_TIMEOUT_S + 1) * 1000));
      server = await serve(env);
      await eventually(
        () => sms.to('+15550000005').length >= 2,
        30_000,
        'the CEO paged by text and voice call',
      );
      await eventually(
        () => smtp.to('cathy@example.com').some((m) => m.text.includes('nobody before you acknowledged')),
        20_000,
        'the CEO e-mail',
      );
      // Let anything that would be sent twice arrive.
      await new Promise((r) => setTimeout(r, 3000));

      const mailIds = smtp.messages.map((m) => m.deliveryId);
      assert.equal(new Set(mailIds).size, mailIds.length, 'no e-mail delivered twice');
      const smsRefs = sms.messages.map((m) => m.reference);
      assert.equal(new Set(smsRefs).size, smsRefs.length, 'no text message delivered twice');
      assert.deepEqual(
        sms
          .to('+15550000005')
          .map((m) => m.kind)
          .sort(),
        ['sms', 'voice'],
      );
      assert.ok(smtp.messages.length > beforeRestart.mail && sms.messages.length > beforeRestart.sms);

      // Every delivery the record knows of reached its receiver, exactly once.
      const all = await api('GET', '/deliveries?limit=200');
      // (Deliveries that could not leave at all, e.g. to someone without an e-mail address, are `unavailable`.)
      const external = all.json.items.filter(
        (d: { channel: string; status: string }) =>
          ['email', 'sms', 'voice'].includes(d.channel) && d.status !== 'unavailable',
      );
      assert.ok(external.length >= 8);
      for (const d of external as { id: string; status: string; channel: string; recipient: string }[]) {
        assert.equal(d.status, 'delivered', `${d.channel} to ${d.recipient}`);
        const received =
          d.channel === 'email'
            ? mailIds.filter((x) => x === d.id).length
            : smsRefs.filter((x) => x === d.id).length;
        assert.equal(received, 1, `${d.channel} to ${d.recipient} received once`);
      }
      const verify = await api('GET', '/audit/verify');
      assert.equal(verify.json.ok, true);
    });
  });
}
