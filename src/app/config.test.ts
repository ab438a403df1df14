import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('configuration defaults to embedded PGlite on 127.0.0.1:8080 with no secrets', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.databaseUrl, null);
  assert.equal(config.adminToken, null);
  assert.match(config.dataDir, /cordon-data$/);
});

test('an invalid configuration lists every problem in words', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', CORDON_ADMIN_TOKEN: 'short', DATABASE_URL: 'mysql://x' }),
    (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PORT/);
      assert.match(error.message, /CORDON_ADMIN_TOKEN: must be at least 32 characters/);
      assert.match(error.message, /DATABASE_URL: must be a postgres/);
      return true;
    },
  );
});
