import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIRECTORY_YAML, startWorld, type World } from '../../../test/fakes/world.ts';
import { runCli } from '../main.ts';

describe('cordon directory, oncall, pages, escalations, sla (CLI against a running server)', () => {
  let w: World;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'cordon-cli-esc-'));
  before(async () => {
    w = await startWorld('pglite', { directory: false });
    url = await w.t.cordon.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cordon = async (args: string[], token = w.t.adminToken) => {
    let out = '';
    let err = '';
    const code = await runCli(args, {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
      env: { CORDON_URL: url, CORDON_TOKEN: token },
    });
    return { code, out, err };
  };

  test('cordon directory import FILE loads people, teams, positions and schedules', async () => {
    const file = join(dir, 'directory.yaml');
    writeFileSync(file, DIRECTORY_YAML);
    const r = await cordon(['directory', 'import', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /9 people added, 0 updated, 1 teams, 0 positions, 1 schedules/);
    const bad = join(dir, 'people.csv');
    writeFileSync(bad, 'handle,name,shoe size\nx,X,42\n');
    const refused = await cordon(['directory', 'import', bad]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /directory\.invalid_import/);
  });

  test("cordon directory person HANDLE --avoid sets the channels a person avoids; --avoid '' clears them", async () => {
    const set = await cordon(['directory', 'person', 'carl', '--avoid', 'voice,sms']);
    assert.equal(set.code, 0, set.err);
    assert.match(
      set.out,
      /Avoids:\s+sms, voice \(used anyway when no other channel of a page reaches them\)/,
    );
    const shown = await cordon(['directory', 'person', 'carl', '--json'], w.people.delia?.token);
    assert.deepEqual(JSON.parse(shown.out).avoidChannels, ['sms', 'voice']);
    const list = await cordon(['directory', 'people']);
    assert.match(list.out, /AVOIDS/);
    assert.match(list.out, /sms,voice/);
    const refused = await cordon(['directory', 'person', 'carl', '--avoid', 'webhook']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /avoidChannels/);
    const cleared = await cordon(['directory', 'person', 'carl', '--avoid', '']);
    assert.equal(cleared.code, 0, cleared.err);
    assert.match(cleared.out, /Avoids:\s+no preference/);
  });

  test('cordon oncall now names who is on call', async () => {
    const r = await cordon(['oncall', 'now'], w.people.delia?.token);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /on-call-engineers\s+Enzo Engineer \(enzo\)/);
  });

  test('cordon pages list --mine --open and cordon pages ack ID', async () => {
    const report = await w.t.api('POST', '/api/v1/reports', {
      token: w.people.emma?.token,
      body: {
        title: 'Ransom note on a share',
        description: 'README_RESTORE.txt everywhere',
        suspectedBreach: true,
      },
    });
    assert.equal(report.statusCode, 201);
    await w.drain();
    const carl = w.people.carl?.token;
    const list = await cordon(['pages', 'list', '--mine', '--open', '--json'], carl);
    assert.equal(list.code, 0, list.err);
    const pages = JSON.parse(list.out).items as { id: string; rule: { name: string } }[];
    const page = pages.find((p) => p.rule.name.startsWith('Data breach'));
    assert.ok(page);
    const ack = await cordon(['pages', 'ack', page.id, '--note', 'on it'], carl);
    assert.equal(ack.code, 0, ack.err);
    assert.match(ack.out, /acknowledged .*\n {2}CEO will not be paged/);
  });

  test('cordon escalations KEY and cordon sla KEY', async () => {
    const declared = await w.t.api('POST', '/api/v1/incidents', {
      token: w.people.delia?.token,
      body: { title: 'Cryptominer on build agents', type: 'malicious-code', severity: 'P1' },
    });
    const key = declared.json().key as string;
    await w.drain();
    const esc = await cordon(['escalations', key], w.people.delia?.token);
    assert.equal(esc.code, 0, esc.err);
    assert.match(
      esc.out,
      /P1 - the appropriate manager is notified via Slack with a reference \[completed\]/,
    );
    assert.match(esc.out, /Cathy CEO: chat:delivered/);
    const sla = await cordon(['sla', key], w.people.delia?.token);
    assert.equal(sla.code, 0, sla.err);
    assert.match(sla.out, /on_track/);
  });
});
