import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';
import { declaredContentType, safeFilename } from './attach-file.ts';

type Part = { name?: string; filename?: string; type?: string; content: string | Buffer };
type Attachment = {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  receivedAt: string;
};

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A multipart/form-data body as a browser's FormData sends it (Node's own encoder). */
async function formData(parts: Part[]): Promise<{ type: string; body: Buffer }> {
  const form = new FormData();
  for (const p of parts) {
    if (p.filename === undefined) form.append(p.name ?? 'file', String(p.content));
    else
      form.append(
        p.name ?? 'file',
        new Blob([p.content], { type: p.type ?? 'application/octet-stream' }),
        p.filename,
      );
  }
  const request = new Request('http://cordon.invalid/', { method: 'POST', body: form });
  return {
    type: request.headers.get('content-type') ?? '',
    body: Buffer.from(await request.arrayBuffer()),
  };
}

for (const backend of testBackends()) {
  describe(`attaching files to events [${backend}]`, () => {
    let t: TestCordon;
    let erin: { id: string; token: string };
    let olga: { id: string; token: string };
    let delia: { id: string; token: string };
    let ed: { id: string; token: string };
    let irene: { id: string; token: string };

    before(async () => {
      // 1 MiB, so "too large" needs no 20 MiB body; it also proves the variable reaches the route.
      t = await startTestCordon(backend, { env: { CORDON_MAX_ATTACHMENT_MB: '1' } });
      erin = await t.user('erin', []);
      olga = await t.user('olga', []);
      delia = await t.user('delia', ['security-delegate']);
      ed = await t.user('ed', ['engineer']);
      irene = await t.user('irene', ['incident-response-team']);
    });
    after(async () => {
      await t?.close();
    });

    const upload = async (
      token: string | null,
      ref: string,
      parts: Part[],
      headers: Record<string, string> = {},
    ): Promise<LightMyRequestResponse> => {
      const { type, body } = await formData(parts);
      return t.cordon.app.inject({
        method: 'POST',
        url: `/api/v1/events/${ref}/attachments`,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type, ...headers },
        payload: body,
      });
    };
    const report = async (token: string, title: string): Promise<string> => {
      const res = await t.api('POST', '/api/v1/reports', {
        token,
        body: { title, description: `${title}, seen today.`, channel: 'web' },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().ref as string;
    };
    const list = (token: string, ref: string) => t.api('GET', `/api/v1/events/${ref}/attachments`, { token });
    const code = (res: LightMyRequestResponse) => (res.json() as { error?: { code: string } }).error?.code;

    test('a reporter attaches a file to their own report: stored with its SHA-256, audited, listed', async () => {
      const ref = await report(erin.token, 'Phishing e-mail with a link');
      const content = Buffer.from('Received: from evil.example\r\nSubject: Your invoice\r\n\r\nclick here');
      const res = await upload(erin.token, ref, [{ filename: 'phish.eml', type: 'message/rfc822', content }]);
      assert.equal(res.statusCode, 201, res.body);
      const a = res.json() as Attachment;
      assert.equal(a.filename, 'phish.eml');
      assert.equal(a.contentType, 'message/rfc822');
      assert.equal(a.size, content.length);
      assert.equal(a.sha256, sha256(content));
      assert.match(a.id, /^[0-9a-f-]{36}$/);

      const mine = await list(erin.token, ref);
      assert.equal(mine.statusCode, 200, mine.body);
      assert.deepEqual(mine.json().items, [a]);

      const audit = (await t.api('GET', '/api/v1/audit?action=event.attachment_added')).json().items as {
        targetId: string;
        actor: { id: string } | null;
        data: { sha256: string; attachmentId: string; filename: string };
      }[];
      const entry = audit.find((e) => e.targetId === ref);
      assert.equal(entry?.data.sha256, sha256(content));
      assert.equal(entry?.data.attachmentId, a.id);
      assert.equal(entry?.actor?.id, erin.id);
    });

    test('another employee cannot attach to, list or download it: the event does not exist for them', async () => {
      const ref = await report(erin.token, 'USB stick found in the car park');
      const own = (await upload(erin.token, ref, [{ filename: 'photo.jpg', content: 'jpeg' }])).json();
      const res = await upload(olga.token, ref, [{ filename: 'mine.txt', content: 'hello' }]);
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(code(res), 'event.not_found');
      assert.equal(code(await list(olga.token, ref)), 'event.not_found');
      const download = await t.api('GET', `/api/v1/events/${ref}/attachments/${own.id}`, {
        token: olga.token,
      });
      assert.equal(download.statusCode, 404);
      assert.equal((await list(erin.token, ref)).json().items.length, 1, 'nothing was added');
      const missing = await upload(erin.token, 'EVT-2099-000001', [{ filename: 'a.txt', content: 'a' }]);
      assert.equal(code(missing), 'event.not_found');
    });

    test('a triager lists and downloads it as an attachment, never rendered, with its hash', async () => {
      const ref = await report(erin.token, 'Pop-up asks for my password');
      const content = Buffer.from('<html><script>alert(document.cookie)</script></html>');
      const up = await upload(erin.token, ref, [
        { filename: 'Überweisung (1).html', type: 'text/html', content },
      ]);
      assert.equal(up.statusCode, 201, up.body);
      const items = (await list(delia.token, ref)).json().items as Attachment[];
      assert.equal(items.length, 1);
      const [a] = items;
      assert.equal(a?.filename, 'Überweisung (1).html');
      assert.equal(a?.contentType, 'text/html', 'the declared type is kept for the record');
      const res = await t.api('GET', `/api/v1/events/${ref}/attachments/${a?.id}`, { token: delia.token });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.rawPayload, content);
      assert.equal(res.headers['content-type'], 'application/octet-stream');
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-content-sha256'], sha256(content));
    });

    test('triagers attach to any event they see; others not once it is disposed', async () => {
      const ref = await report(olga.token, 'Tailgater at the side door');
      const byIrene = await upload(irene.token, ref, [{ filename: 'badge-log.csv', content: 'a,b\n1,2\n' }]);
      assert.equal(byIrene.statusCode, 201, 'anyone who sees it may attach while it awaits triage');
      const dismissed = await t.api('POST', `/api/v1/events/${ref}/disposition`, {
        token: delia.token,
        body: { action: 'dismiss', reason: 'benign', note: 'A colleague without a badge.' },
      });
      assert.equal(dismissed.statusCode, 200, dismissed.body);
      const late = await upload(irene.token, ref, [{ filename: 'more.csv', content: 'c' }]);
      assert.equal(late.statusCode, 409, late.body);
      assert.equal(code(late), 'event.already_disposed');
      assert.equal((await upload(ed.token, ref, [{ filename: 'cctv.txt', content: 'x' }])).statusCode, 201);
      assert.equal((await upload(olga.token, ref, [{ filename: 'note.txt', content: 'y' }])).statusCode, 201);
      assert.equal((await list(delia.token, ref)).json().items.length, 3);
    });

    test('a file over CORDON_MAX_ATTACHMENT_MB is refused with 413 and nothing is kept', async () => {
      const ref = await report(erin.token, 'Large memory dump');
      const big = Buffer.alloc(1024 * 1024 + 1, 7);
      const res = await upload(erin.token, ref, [{ filename: 'dump.bin', content: big }]);
      assert.equal(res.statusCode, 413, res.body);
      assert.equal(code(res), 'attachment.too_large');
      assert.equal(res.json().error.details.maxBytes, 1024 * 1024);
      const fits = await upload(erin.token, ref, [{ filename: 'dump.bin', content: big.subarray(1) }]);
      assert.equal(fits.statusCode, 201, 'exactly the limit is accepted');
      assert.equal((await list(erin.token, ref)).json().items.length, 1);
    });

    test('what is not one non-empty file in a multipart body is refused: 415, 400', async () => {
      const ref = await report(erin.token, 'Odd login notification');
      const url = `/api/v1/events/${ref}/attachments`;
      const json = await t.api('POST', url, { token: erin.token, body: { file: 'aGVsbG8=' } });
      assert.equal(json.statusCode, 415, json.body);
      assert.equal(code(json), 'request.unsupported_media_type');
      const raw = await t.api('POST', url, {
        token: erin.token,
        headers: { 'content-type': 'application/octet-stream' },
        payload: 'raw bytes',
      });
      assert.equal(raw.statusCode, 415, raw.body);
      assert.match(raw.json().error.message, /multipart\/form-data/);
      const none = await t.api('POST', url, { token: erin.token });
      assert.equal(none.statusCode, 415, none.body);

      const empty = await upload(erin.token, ref, [{ filename: 'empty.txt', content: '' }]);
      assert.equal(empty.statusCode, 400, empty.body);
      assert.equal(code(empty), 'attachment.empty');
      const noFile = await upload(erin.token, ref, []);
      assert.equal(noFile.statusCode, 400, noFile.body);
      assert.equal(code(noFile), 'attachment.missing');
      const field = await upload(erin.token, ref, [{ name: 'note', content: 'just text' }]);
      assert.equal(field.statusCode, 400, field.body);
      const two = await upload(erin.token, ref, [
        { filename: 'a.txt', content: 'a' },
        { filename: 'b.txt', content: 'b' },
      ]);
      assert.equal(two.statusCode, 400, two.body);
      assert.equal(code(two), 'attachment.too_many_files');
      const cut = await t.cordon.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${erin.token}`, 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nno end',
      });
      assert.equal(cut.statusCode, 400, cut.body);
      assert.equal(code(cut), 'request.malformed');
      const anonymous = await upload(null, ref, [{ filename: 'a.txt', content: 'a' }]);
      assert.equal(anonymous.statusCode, 401);
      assert.equal((await list(erin.token, ref)).json().items.length, 0, 'nothing was kept');
    });

    test("an event in a restricted incident stays invisible to triagers outside it; its reporter's files land on the timeline", async () => {
      const ref = await report(erin.token, 'My manager copied the customer database');
      const incident = await t.api('POST', '/api/v1/incidents', {
        token: delia.token,
        body: {
          title: 'Insider data copy',
          type: 'malicious-code',
          severity: 'P2',
          visibility: 'restricted',
        },
      });
      assert.equal(incident.statusCode, 201, incident.body);
      const key = incident.json().key as string;
      const merged = await t.api('POST', `/api/v1/events/${ref}/disposition`, {
        token: delia.token,
        body: { action: 'merge', incidentKey: key },
      });
      assert.equal(merged.statusCode, 200, merged.body);

      const content = Buffer.from('screenshot of the export');
      const byErin = await upload(erin.token, ref, [{ filename: 'export.png', type: 'image/png', content }]);
      assert.equal(byErin.statusCode, 201, 'the reporter still adds to their own report');
      const id = (byErin.json() as Attachment).id;

      const byEd = await upload(ed.token, ref, [{ filename: 'x.txt', content: 'x' }]);
      assert.equal(byEd.statusCode, 404, byEd.body);
      assert.equal(code(byEd), 'event.not_found');
      assert.equal(code(await list(ed.token, ref)), 'event.not_found');
      const download = await t.api('GET', `/api/v1/events/${ref}/attachments/${id}`, { token: ed.token });
      assert.equal(download.statusCode, 404);

      assert.equal((await list(delia.token, ref)).json().items.length, 1);
      const timeline = (
        await t.api('GET', `/api/v1/incidents/${key}/timeline`, { token: delia.token })
      ).json().items as { kind: string; data: { eventRef: string; sha256: string } }[];
      const entry = timeline.find((e) => e.kind === 'event.attachment_added');
      assert.equal(entry?.data.eventRef, ref);
      assert.equal(entry?.data.sha256, sha256(content));
    });

    test('a session upload must come from Cordon itself (Sec-Fetch-Site), not a sibling site', async () => {
      const created = await t.api('POST', '/api/v1/users', {
        body: { username: 'sam', name: 'Sam', password: 'sam-correct-horse-battery' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const signIn = await t.api('POST', '/api/v1/auth/sign-in', {
        token: null,
        body: { username: 'sam', password: 'sam-correct-horse-battery' },
      });
      const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
      const filed = await t.api('POST', '/api/v1/reports', {
        token: null,
        headers: { cookie },
        body: { title: 'Laptop stolen from the train', description: 'Left it on the seat.' },
      });
      const ref = filed.json().ref as string;
      const file = [{ filename: 'police-report.pdf', content: '%PDF-1.7' }];
      const cross = await upload(null, ref, file, { cookie, 'sec-fetch-site': 'same-site' });
      assert.equal(cross.statusCode, 403, cross.body);
      assert.equal(code(cross), 'auth.forbidden');
      const same = await upload(null, ref, file, { cookie, 'sec-fetch-site': 'same-origin' });
      assert.equal(same.statusCode, 201, same.body);
    });
  });
}

describe('names and types as declared by the client', () => {
  test('a file name keeps its last segment, loses control and invisible characters, and is capped', () => {
    assert.equal(safeFilename('report.pdf'), 'report.pdf');
    assert.equal(safeFilename('../../etc/passwd'), 'passwd');
    assert.equal(safeFilename('C:\\Users\\erin\\Desktop\\notes.txt'), 'notes.txt');
    assert.equal(safeFilename('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(safeFilename('a\u0000b\u0007c\r\n.txt'), 'abc.txt');
    assert.equal(safeFilename('..'), 'attachment');
    assert.equal(safeFilename('.bashrc'), 'bashrc');
    assert.equal(safeFilename('   '), 'attachment');
    assert.equal(safeFilename('bad\ud800half.txt'), 'bad\ufffdhalf.txt');
    const long = safeFilename(`${'x'.repeat(500)}.tar.gz`);
    assert.equal([...long].length, 200);
    assert.ok(long.endsWith('x.gz'));
    assert.equal([...safeFilename('é'.repeat(300))].length, 200);
  });

  test('a content type is kept only as type/subtype', () => {
    assert.equal(declaredContentType('Image/PNG'), 'image/png');
    assert.equal(declaredContentType('text/plain; charset=utf-8'), 'text/plain');
    assert.equal(declaredContentType('text/html\r\nX-Injected: 1'), 'application/octet-stream');
    assert.equal(declaredContentType(''), 'application/octet-stream');
    assert.equal(declaredContentType('nonsense'), 'application/octet-stream');
  });
});
