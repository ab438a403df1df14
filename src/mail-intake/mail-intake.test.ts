import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import nodemailer, { type Transporter } from 'nodemailer';
import { startMailbox, waitUntil } from '../../test/fixtures/intake/mailbox.ts';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';

const SECURITY = 'security@corp.example';

for (const backend of testBackends()) {
  describe(`e-mail intake over SMTP [${backend}]`, () => {
    let t: TestCordon;
    let mailbox: Awaited<ReturnType<typeof startMailbox>>;
    let delegate: { id: string; token: string };
    let transport: Transporter;
    before(async () => {
      mailbox = await startMailbox();
      t = await startTestCordon(backend, {
        env: {
          CORDON_SMTP_INTAKE_PORT: '0',
          CORDON_INTAKE_ADDRESSES: SECURITY,
          CORDON_INTAKE_REPLY_URL: `smtp://127.0.0.1:${mailbox.port}`,
          CORDON_INTAKE_REPLY_FROM: `Cordon <${SECURITY}>`,
          CORDON_INTAKE_MAX_MAIL_BYTES: '200000',
        },
      });
      delegate = await t.user('delia', ['security-delegate']);
      transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: t.cordon.intake.smtpPort ?? 0,
        secure: false,
        ignoreTLS: true,
      });
    });
    after(async () => {
      await t.close();
      await mailbox.close();
    });
    const events = async () =>
      (await t.api('GET', '/api/v1/events?limit=200', { token: delegate.token })).json().items as {
        ref: string;
        title: string;
        source: string;
        description: string;
        reporter: { name: string; email: string };
        onBehalfOfCustomer: boolean;
        routedToTeam: string | null;
      }[];

    test('an e-mail to the security address becomes an event with its attachments hashed, and the reporter gets the reference', async () => {
      const file = Buffer.from('MZ fake invoice payload');
      const info = await transport.sendMail({
        from: 'Erin Employee <erin@corp.example>',
        to: SECURITY,
        subject: 'Strange invoice attachment',
        text: 'I received an invoice from an unknown sender and opened it by mistake.',
        attachments: [{ filename: 'invoice.pdf.exe', content: file }],
      });
      assert.match(String(info.response), /recorded as EVT-\d{4}-\d{6}/);
      const ref = /EVT-\d{4}-\d{6}/.exec(String(info.response))?.[0] ?? '';
      const e = (await events()).find((x) => x.ref === ref);
      assert.equal(e?.source, 'email');
      assert.equal(e?.title, 'Strange invoice attachment');
      assert.deepEqual(e?.reporter.email, 'erin@corp.example');
      const files = (
        await t.api('GET', `/api/v1/events/${ref}/attachments`, { token: delegate.token })
      ).json().items;
      assert.equal(files[0].filename, 'invoice.pdf.exe');
      assert.equal(files[0].sha256, createHash('sha256').update(file).digest('hex'));
      const download = await t.api('GET', `/api/v1/events/${ref}/attachments/${files[0].id}`, {
        token: delegate.token,
      });
      assert.deepEqual(download.rawPayload, file);

      await waitUntil(() => mailbox.received.some((m) => m.subject?.includes(ref)));
      const ack = mailbox.received.find((m) => m.subject?.includes(ref));
      assert.equal(ack?.to && !Array.isArray(ack.to) ? ack.to.value[0]?.address : '', 'erin@corp.example');
      assert.equal(ack?.inReplyTo, info.messageId);
      assert.equal(ack?.headers.get('auto-submitted'), 'auto-replied');

      // The reporter answers the acknowledgement: the answer lands on the same event, with its file.
      const more = Buffer.from('second file');
      const reply = await transport.sendMail({
        from: 'erin@corp.example',
        to: SECURITY,
        subject: `Re: ${ack?.subject}`,
        inReplyTo: ack?.messageId,
        references: [info.messageId, ack?.messageId ?? ''],
        text: 'I also forwarded it to a colleague.',
        attachments: [{ filename: 'headers.txt', content: more }],
      });
      assert.match(String(reply.response), new RegExp(`recorded as ${ref}`));
      const after = (
        await t.api('GET', `/api/v1/events/${ref}/attachments`, { token: delegate.token })
      ).json().items;
      assert.equal(after.length, 2);
      const audit = (await t.api('GET', '/api/v1/audit?action=event.reply_received')).json().items;
      assert.ok(audit.some((a: { targetId: string }) => a.targetId === ref));
      assert.equal(
        mailbox.received.filter((m) => m.subject?.includes(ref)).length,
        1,
        'a reply is not acknowledged again',
      );
    });

    test('Customer Success mailing on behalf of a customer: the customer is the reporter, routed to DevOps', async () => {
      const agent = await t.user('casey', ['customer-success']);
      await t.api('PATCH', `/api/v1/users/${agent.id}`, { body: { email: 'casey@corp.example' } });
      const info = await transport.sendMail({
        from: 'Casey <casey@corp.example>',
        replyTo: 'Carla Customer <carla@customer.example>',
        to: SECURITY,
        subject: 'Customer reports unknown logins to her account',
        text: 'Carla saw two logins from abroad last night.',
      });
      const ref = /EVT-\d{4}-\d{6}/.exec(String(info.response))?.[0] ?? '';
      const e = (await events()).find((x) => x.ref === ref);
      assert.equal(e?.onBehalfOfCustomer, true);
      assert.equal(e?.routedToTeam, 'devops');
      assert.equal(e?.reporter.email, 'carla@customer.example');
    });

    test('hostile mail: header injection in the subject cannot add headers to the reply; robots get no reply; strangers are refused', async () => {
      const info = await transport.sendMail({
        from: 'eve@evil.example',
        to: SECURITY,
        subject: 'Hello\r\nBcc: victim@corp.example\r\nX-Injected: yes',
        text: 'nothing to see',
      });
      const ref = /EVT-\d{4}-\d{6}/.exec(String(info.response))?.[0] ?? '';
      await waitUntil(() => mailbox.received.some((m) => m.subject?.includes(ref)));
      const i = mailbox.received.findIndex((m) => m.subject?.includes(ref));
      const raw = mailbox.raw[i] ?? '';
      assert.doesNotMatch(raw, /^bcc:/im);
      assert.doesNotMatch(raw, /^x-injected:/im);
      const e = (await events()).find((x) => x.ref === ref);
      assert.doesNotMatch(e?.title ?? '', /[\r\n]/);

      const robot = await transport.sendMail({
        from: 'noreply@vendor.example',
        to: SECURITY,
        subject: 'Out of office',
        text: 'I am away',
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      const robotRef = /EVT-\d{4}-\d{6}/.exec(String(robot.response))?.[0] ?? 'none';
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(mailbox.received.filter((m) => m.subject?.includes(robotRef)).length, 0);

      await assert.rejects(
        transport.sendMail({
          from: 'a@b.example',
          to: 'someone-else@corp.example',
          subject: 'relay?',
          text: 'x',
        }),
        /550/,
      );
      await assert.rejects(
        transport.sendMail({ from: 'a@b.example', to: SECURITY, subject: 'big', text: 'x'.repeat(300_000) }),
        /552/,
      );
    });

    test('the same message delivered twice is stored once', async () => {
      const message = {
        from: 'dup@corp.example',
        to: SECURITY,
        subject: 'Delivered twice',
        text: 'once',
        messageId: '<twice-1@corp.example>',
      };
      const a = await transport.sendMail(message);
      const b = await transport.sendMail(message);
      assert.equal(
        /EVT-\d{4}-\d{6}/.exec(String(a.response))?.[0],
        /EVT-\d{4}-\d{6}/.exec(String(b.response))?.[0],
      );
      assert.equal((await events()).filter((x) => x.title === 'Delivered twice').length, 1);
    });
  });
}
