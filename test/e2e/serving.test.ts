import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Fastify from 'fastify';
import { registerWebApp, WEB_DIST } from '../../src/app/web.ts';
import { startTestCordon, type TestCordon } from '../harness/cordon.ts';
import { ensureWebBuilt } from './support/web-build.ts';

/** How the server serves the web app (no browser needed): src/app/web.ts. */
let t: TestCordon;
let script = '';

before(async () => {
  await ensureWebBuilt();
  script = `/assets/${readdirSync(join(WEB_DIST, 'assets')).find((f) => /^index-.*\.js$/.test(f))}`;
  t = await startTestCordon('pglite');
});
after(() => t?.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.cordon.app.inject({ method: 'GET', url, headers });

test('the app’s own addresses get index.html, never cached, so a reload keeps the screen', async () => {
  for (const url of ['/', '/incidents/INC-2026-0001?tab=rca', '/triage', '/sign-in?redirect=%2Faudit']) {
    const res = await get(url);
    assert.equal(res.statusCode, 200, url);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(res.body, /<div id="root"><\/div>/);
  }
});

test('server paths and missing files answer 404 in the API’s error shape, not with the app', async () => {
  for (const url of [
    '/api/v1/no-such-thing',
    '/api/nope',
    '/assets/index-gone.js',
    '/favicon.ico',
    '/metrics.txt',
  ]) {
    const res = await get(url, { authorization: `Bearer ${t.adminToken}` });
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.json().error.code, 'route.not_found', url);
  }
  assert.equal((await get('/healthz')).json().status, 'ok');
  assert.equal((await get('/api/v1/auth/me')).statusCode, 401);
});

test('hashed assets are cached for a year and sent compressed when the browser accepts it', async () => {
  const plain = await get(script);
  assert.equal(plain.statusCode, 200);
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(plain.headers['content-type'] as string, /javascript/);
  const br = await get(script, { 'accept-encoding': 'br, gzip' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.ok(br.rawPayload.length < plain.rawPayload.length / 2);
});

test('CSP: scripts from the server only; no https upgrade for a page served over plain http', async () => {
  const csp = (await get('/')).headers['content-security-policy'] as string;
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /style-src [^;]*'unsafe-inline'/);
  assert.doesNotMatch(csp, /upgrade-insecure-requests/);
  const html = (await get('/')).body;
  assert.doesNotMatch(html, /<script>(?!\s*<\/script>)/, 'no inline script: it would need unsafe-inline');
});

test('without a build, / says how to make one and the API still works', async () => {
  const app = Fastify();
  await registerWebApp(app, join(tmpdir(), 'cordon-no-web-dist'));
  const res = await app.inject({ method: 'GET', url: '/' });
  assert.equal(res.statusCode, 503);
  assert.match(res.body, /npm run build:web/);
  await app.close();
});
