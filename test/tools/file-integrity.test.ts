import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startToolCordon, type ToolCordon, tempDir, toolMissing, waitFor } from './harness.ts';

/**
 * docs/intake.md "AIDE" and "ClamAV": the real tools scan, and their findings reach Cordon through
 * `logger` over TCP syslog and the policy's parse rules (routing.syslog.rules: aide-changed, clamav-found).
 */
const skipAide = toolMissing('aide', 'aide') || toolMissing('logger', 'bsdutils');
const skipClam = toolMissing('clamscan', 'clamav') || toolMissing('logger', 'bsdutils');

describe('AIDE and ClamAV → syslog → Cordon, for real', {
  skip: skipAide && skipClam ? skipAide : false,
}, () => {
  let c: ToolCordon;
  const dir = tempDir('integrity');
  let port = 0;
  before(async () => {
    c = await startToolCordon({ CORDON_SYSLOG_TCP_PORT: '0' });
    port = c.t.cordon.intake.syslog?.tcpPort ?? 0;
  });
  after(async () => {
    await c?.close();
    dir.remove();
  });
  /** The recipe's pipeline: the tool's findings, one per line, to Cordon's syslog port. */
  const toCordon = (tag: string, lines: string) => {
    const sent = spawnSync(
      'logger',
      ['-n', '127.0.0.1', '-P', String(port), '-T', '--rfc5424', '--octet-count', '-t', tag],
      {
        input: lines,
      },
    );
    assert.equal(sent.status, 0, String(sent.stderr));
  };
  const host = hostname().toLowerCase();

  test('AIDE: a changed program binary and a new file each become an event on this host', {
    skip: skipAide,
  }, async () => {
    const bin = join(dir.path, 'bin');
    mkdirSync(bin);
    copyFileSync('/usr/bin/true', join(bin, 'true'));
    const conf = join(dir.path, 'aide.conf');
    writeFileSync(
      conf,
      `database_in=file:${dir.path}/aide.db\ndatabase_out=file:${dir.path}/aide.db.new\nreport_url=stdout\nreport_summarize_changes=yes\n${bin} p+u+g+s+sha256\n`,
    );
    assert.equal(spawnSync('aide', [`--config=${conf}`, '--init']).status, 0);
    renameSync(`${dir.path}/aide.db.new`, `${dir.path}/aide.db`);
    writeFileSync(join(bin, 'true'), '#!/bin/sh\nexec /bin/sh -i\n');
    writeFileSync(join(bin, 'backdoor'), 'x');
    const check = spawnSync('aide', [`--config=${conf}`, '--check'], { encoding: 'utf8' });
    assert.notEqual(check.status, 0, 'AIDE reports differences');
    // The recipe: only AIDE's summary lines (`f < ... H : /path`) are sent.
    const summary = check.stdout.split('\n').filter((l) => /^[fdlbcpsD!?][^:]{10,40}: \//.test(l));
    assert.equal(summary.length, 2, check.stdout);
    toCordon('aide', `${summary.join('\n')}\n`);
    const list = await waitFor(
      'AIDE events',
      () => c.events(),
      (e) => e.filter((x) => x.title.startsWith('AIDE:')).length === 2,
    );
    const changed = list.find((x) => x.title.includes(`${bin}/true`));
    assert.equal(changed?.source, 'alert:syslog');
    assert.deepEqual(changed?.alert?.entities.hosts, [host]);
    assert.deepEqual(changed?.alert?.entities.files, [`${bin}/true`]);
    assert.equal(changed?.alert?.labels.category, 'file-integrity');
    // The next nightly check reports the same change: it counts up on the same event.
    toCordon('aide', `${summary.join('\n')}\n`);
    await waitFor(
      'the repeat',
      () => c.events(),
      (e) => e.some((x) => x.ref === changed?.ref && x.count === 2),
    );
  });

  test('ClamAV: an infected file found by clamscan becomes a malware event', { skip: skipClam }, async () => {
    const files = join(dir.path, 'upload');
    mkdirSync(files);
    const payload = Buffer.from('cordon test malware sample, harmless');
    writeFileSync(join(files, 'invoice.pdf.exe'), payload);
    writeFileSync(join(files, 'clean.txt'), 'hello');
    // A signature database of our own (no download): MD5:size:name.
    const db = join(dir.path, 'cordon.hdb');
    writeFileSync(
      db,
      `${createHash('md5').update(payload).digest('hex')}:${payload.length}:Cordon.Test.Sample\n`,
    );
    const scan = spawnSync('clamscan', ['-d', db, '--infected', '--no-summary', '-r', files], {
      encoding: 'utf8',
    });
    assert.equal(scan.status, 1, `clamscan exits 1 when it finds something: ${scan.stdout} ${scan.stderr}`);
    toCordon('clamscan', scan.stdout);
    const list = await waitFor(
      'the ClamAV event',
      () => c.events(),
      (e) => e.some((x) => x.title.startsWith('ClamAV found')),
    );
    const e = list.find((x) => x.title.startsWith('ClamAV found'));
    assert.match(e?.title ?? '', /Cordon\.Test\.Sample/);
    assert.deepEqual(e?.alert?.entities.files, [join(files, 'invoice.pdf.exe')]);
    assert.equal(e?.alert?.labels.category, 'malware');
  });
});
