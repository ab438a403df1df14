import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestDatabase } from '../../test/harness/database.ts';
import { loadConfig } from '../app/config.ts';
import { type Cordon, startCordon } from '../app/start.ts';

describe('first start', () => {
  const opened: Cordon[] = [];
  after(async () => {
    for (const c of opened) await c.close();
  });
  const start = async (env: Record<string, string>) => {
    const cordon = await startCordon(loadConfig({ LOG_LEVEL: 'silent', ...env }), {
      database: await createTestDatabase('pglite'),
      logger: false,
    });
    opened.push(cordon);
    return cordon;
  };

  test('without CORDON_ADMIN_TOKEN a one-time set-up secret is issued; there is no default password', async () => {
    const cordon = await start({});
    assert.equal(cordon.admin.created, true);
    assert.ok(cordon.admin.created && cordon.admin.via === 'one-time-secret');
    const secret = cordon.admin.via === 'one-time-secret' ? cordon.admin.secret : '';
    assert.ok(secret.length > 40);

    const noPassword = await cordon.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'admin', password: 'admin' },
    });
    assert.equal(noPassword.statusCode, 401);
    assert.equal(noPassword.json().error.code, 'auth.invalid_credentials');

    const setup = await cordon.app.inject({
      method: 'POST',
      url: '/api/v1/auth/setup',
      payload: { secret, username: 'sam', name: 'Sam Delegate', password: 'correct horse battery staple' },
    });
    assert.equal(setup.statusCode, 200, setup.body);
    const cookie = setup.cookies.find((c) => c.name === 'cordon_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Strict');

    const me = await cordon.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { cordon_session: cookie?.value ?? '' },
    });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json().user.roles, ['administrator', 'security-delegate']);

    const again = await cordon.app.inject({
      method: 'POST',
      url: '/api/v1/auth/setup',
      payload: { secret, username: 'eve', password: 'another long password' },
    });
    assert.equal(again.statusCode, 401, 'the secret works once');
    assert.equal(again.json().error.code, 'auth.setup_secret_invalid');

    const signIn = await cordon.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'sam', password: 'correct horse battery staple' },
    });
    assert.equal(signIn.statusCode, 200);
    const signOut = await cordon.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      cookies: { cordon_session: signIn.cookies.find((c) => c.name === 'cordon_session')?.value ?? '' },
    });
    assert.equal(signOut.statusCode, 204);
  });

  test('CORDON_ADMIN_TOKEN becomes the first administrator API token, stored only as a hash', async () => {
    const token = 'automation-token-0123456789abcdefghijkl';
    const cordon = await start({ CORDON_ADMIN_TOKEN: token });
    assert.ok(cordon.admin.created && cordon.admin.via === 'admin-token');
    const me = await cordon.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(me.statusCode, 200);
    const stored = await cordon.database.pglite?.query<{ token_hash: string }>(
      'select token_hash from api_tokens',
    );
    assert.ok(stored?.rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash)));
  });

  test('a revoked API token stops working at once', async () => {
    const token = 'automation-token-abcdefghijklmnopqrstuvwxyz';
    const cordon = await start({ CORDON_ADMIN_TOKEN: token });
    const auth = { authorization: `Bearer ${token}` };
    const created = await cordon.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: auth,
      payload: { name: 'ci' },
    });
    assert.equal(created.statusCode, 201);
    const { token: meta, secret } = created.json();
    const ok = await cordon.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(
      (await cordon.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${meta.id}`, headers: auth }))
        .statusCode,
      204,
    );
    const revoked = await cordon.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(revoked.statusCode, 401);
  });
});
