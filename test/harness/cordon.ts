import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/app/config.ts';
import { type Cordon, startCordon } from '../../src/app/start.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { type BackendName, createTestDatabase } from './database.ts';

export interface TestCordon {
  cordon: Cordon;
  adminToken: string;
  /** Calls the API in-process as the holder of `token` (or anonymously with null). */
  api(
    method: string,
    url: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string>; payload?: string },
  ): Promise<LightMyRequestResponse>;
  /** Creates a user with policy roles and returns an API token for them. */
  user(username: string, roles: string[]): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

/** A real Cordon (real database, migrations, default policy, first administrator) for one test file. */
export async function startTestCordon(
  backend: BackendName,
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestCordon> {
  const adminToken = `test-admin-${randomBytes(24).toString('hex')}`;
  const config = loadConfig({
    CORDON_ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...options.env,
  });
  const database = await createTestDatabase(backend);
  const cordon = await startCordon(config, {
    database,
    logger: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const api: TestCordon['api'] = (method, url, opts = {}) => {
    const token = opts.token === undefined ? adminToken : opts.token;
    return cordon.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.payload !== undefined
        ? { payload: opts.payload }
        : opts.body !== undefined
          ? { payload: JSON.stringify(opts.body) }
          : {}),
    });
  };
  const user: TestCordon['user'] = async (username, roles) => {
    const created = await api('POST', '/api/v1/users', {
      body: { username, name: username.replace(/^\w/, (c) => c.toUpperCase()), roles },
    });
    if (created.statusCode !== 201) throw new Error(`creating ${username} failed: ${created.body}`);
    const id = created.json().id as string;
    const token = await api('POST', '/api/v1/tokens', { body: { name: `${username} test`, userId: id } });
    if (token.statusCode !== 201) throw new Error(`token for ${username} failed: ${token.body}`);
    return { id, token: token.json().secret as string };
  };
  return { cordon, adminToken, api, user, close: () => cordon.close() };
}
