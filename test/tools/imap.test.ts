import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, run, startToolCordon, type ToolCordon, tempDir, toolMissing, waitFor } from './harness.ts';

const skip = toolMissing('/usr/sbin/dovecot', 'dovecot-imapd');

/** docs/intake.md "IMAP polling": Cordon polls a real Dovecot mailbox; messages become events once. */
describe('IMAP polling of a Dovecot mailbox, for real', { skip }, () => {
  let c: ToolCordon;
  let dovecot: ReturnType<typeof run>;
  const dir = tempDir('imap');
  const maildir = join(dir.path, 'home', 'security', 'Maildir');
  before(async () => {
    // Dovecot's unprivileged processes must reach the configuration and the mailbox.
    chmodSync(dir.path, 0o755);
    for (const d of [
      'run',
      'state',
      'home/security/Maildir/new',
      'home/security/Maildir/cur',
      'home/security/Maildir/tmp',
    ])
      mkdirSync(join(dir.path, d), { recursive: true });
    // Dovecot runs mail processes as an unprivileged user: the mailbox belongs to nobody.
    for (const d of [
      'home',
      'home/security',
      'home/security/Maildir',
      'home/security/Maildir/new',
      'home/security/Maildir/cur',
      'home/security/Maildir/tmp',
    ])
      chownSync(join(dir.path, d), 65534, 65534);
    const port = await freePort();
    writeFileSync(join(dir.path, 'passwd'), 'security:{PLAIN}imap-test-password\n');
    writeFileSync(
      join(dir.path, 'dovecot.conf'),
      `protocols = imap
listen = 127.0.0.1
base_dir = ${dir.path}/run
state_dir = ${dir.path}/state
log_path = /dev/stderr
ssl = no
disable_plaintext_auth = no
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir.path}/passwd
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${dir.path}/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
`,
    );
    dovecot = run('/usr/sbin/dovecot', ['-F', '-c', join(dir.path, 'dovecot.conf')]);
    await waitFor(
      'Dovecot to start',
      async () => dovecot.output(),
      (o) => /starting up/.test(o),
      10_000,
      dovecot.output,
    );
    c = await startToolCordon({
      CORDON_IMAP_URL: `imap://security:imap-test-password@127.0.0.1:${port}/INBOX`,
      CORDON_IMAP_POLL_SECONDS: '3600',
    });
  });
  after(async () => {
    await c?.close();
    await dovecot?.stop();
    dir.remove();
  });

  const deliver = (name: string, message: string) => {
    const path = join(maildir, 'new', name);
    writeFileSync(path, message.replaceAll('\n', '\r\n'));
    chownSync(path, 65534, 65534);
  };

  test('unseen messages become events with their attachments; a second poll stores nothing twice', async () => {
    deliver(
      '1.cordon',
      `From: Sam Sales <sam@corp.example>
To: security@corp.example
Subject: Phishing call pretending to be IT
Message-ID: <imap-1@corp.example>
Date: Mon, 02 Mar 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain

Someone called asking for my MFA code.
--b1
Content-Type: text/plain; name="number.txt"
Content-Disposition: attachment; filename="number.txt"

+1 555 0100
--b1--
`,
    );
    const imap = c.t.cordon.intake.imap;
    assert.ok(imap, 'IMAP polling is on');
    assert.equal(await imap.pollOnce(), 1);
    const list = await c.events();
    const e = list.find((x) => x.title === 'Phishing call pretending to be IT');
    assert.equal(e?.source, 'email');
    const files = (await c.t.api('GET', `/api/v1/events/${e?.ref}/attachments`)).json().items;
    assert.equal(files[0].filename, 'number.txt');
    assert.equal(files[0].sha256.length, 64);
    assert.equal(await imap.pollOnce(), 0, 'the message is \\Seen now');
    assert.equal(readdirSync(join(maildir, 'cur')).length, 1, 'Dovecot moved it to cur/ with the Seen flag');
    assert.match(readdirSync(join(maildir, 'cur'))[0] ?? '', /S/);
  });
});
