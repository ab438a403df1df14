import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestCordon, type TestCordon } from '../../test/harness/cordon.ts';
import { testBackends } from '../../test/harness/database.ts';

/** Reads server-sent `change` events from a live stream until `until` is satisfied or time runs out. */
async function openStream(url: string, token: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no body');
  const received: unknown[] = [];
  let buffer = '';
  const pump = (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (block.includes('event: change') && data) received.push(JSON.parse(data.slice(6)));
      }
    }
  })();
  return {
    received,
    async waitFor(predicate: (m: unknown[]) => boolean, ms = 3000) {
      const deadline = Date.now() + ms;
      while (!predicate(received) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return predicate(received);
    },
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

for (const backend of testBackends()) {
  describe(`live updates [${backend}]`, () => {
    let t: TestCordon;
    let url: string;
    let delegate: { id: string; token: string };
    let engineer: { id: string; token: string };
    before(async () => {
      t = await startTestCordon(backend);
      url = await t.cordon.app.listen({ port: 0, host: '127.0.0.1' });
      delegate = await t.user('delia', ['security-delegate']);
      engineer = await t.user('enzo', ['engineer']);
    });
    after(() => t.close());

    test('a change made by one user reaches another user live, after it commits', async () => {
      const stream = await openStream(url, delegate.token);
      const res = await t.api('POST', '/api/v1/incidents', {
        token: engineer.token,
        body: { title: 'Port scan burst', type: 'probe', severity: 'P3' },
      });
      assert.equal(res.statusCode, 201);
      const key = res.json().key;
      assert.ok(
        await stream.waitFor((m) => m.some((x) => (x as { key?: string }).key === key)),
        'the delegate hears of the new incident',
      );
      await stream.close();
    });

    test('a change that is refused is never announced', async () => {
      const stream = await openStream(url, delegate.token);
      const bad = await t.api('POST', '/api/v1/incidents', {
        token: engineer.token,
        body: { title: 'Bad severity', type: 'probe', severity: 'P9' },
      });
      assert.equal(bad.statusCode, 422);
      const good = await t.api('POST', '/api/v1/reports', {
        token: engineer.token,
        body: { title: 'Marker report', description: 'marker' },
      });
      const ref = good.json().ref;
      assert.ok(await stream.waitFor((m) => m.some((x) => (x as { ref?: string }).ref === ref)));
      assert.equal(stream.received.filter((x) => (x as { kind: string }).kind === 'incident').length, 0);
      await stream.close();
    });

    test('escalation announces its pages and acknowledgements, so escalation panels refresh', async () => {
      const stream = await openStream(url, delegate.token);
      const res = await t.api('POST', '/api/v1/reports', {
        token: engineer.token,
        body: { title: 'Badge reader offline', description: 'The door lets anyone in.' },
      });
      const ref = res.json().ref as string;
      const about = (m: unknown[]) => m.filter((x) => (x as { ref?: string }).ref === ref).length;
      // The report itself is announced once; without workers nobody has been paged yet.
      assert.ok(await stream.waitFor((m) => about(m) >= 1));
      await t.cordon.engine.drain();
      assert.ok(await stream.waitFor((m) => about(m) >= 2), 'paging the Security Delegate is announced');
      await stream.close();

      const pages = await t.api('GET', '/api/v1/pages?mine=true&state=open', { token: delegate.token });
      const page = pages.json().items.find((p: { subject: { ref: string } }) => p.subject.ref === ref);
      assert.ok(page, pages.body);
      const later = await openStream(url, delegate.token);
      const ack = await t.api('POST', `/api/v1/pages/${page.id}/ack`, {
        token: delegate.token,
        body: { via: 'web' },
      });
      assert.equal(ack.statusCode, 200, ack.body);
      assert.ok(await later.waitFor((m) => about(m) >= 1), 'the acknowledgement is announced');
      await later.close();
    });

    test('a restricted incident is announced only to people who may see it', async () => {
      const outsider = await openStream(url, engineer.token);
      const insider = await openStream(url, delegate.token);
      const res = await t.api('POST', '/api/v1/incidents', {
        token: delegate.token,
        body: {
          title: 'Insider case',
          type: 'unauthorized-access',
          severity: 'P1',
          suspectedInternalActor: true,
        },
      });
      const key = res.json().key;
      assert.ok(await insider.waitFor((m) => m.some((x) => (x as { key?: string }).key === key)));
      await t.api('POST', '/api/v1/reports', {
        token: delegate.token,
        body: { title: 'Later marker', description: 'marker' },
      });
      assert.ok(await outsider.waitFor((m) => m.some((x) => (x as { kind: string }).kind === 'event')));
      assert.ok(
        !outsider.received.some((x) => (x as { key?: string }).key === key),
        'the outsider never hears the key',
      );
      await outsider.close();
      await insider.close();
    });
  });
}
