import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../app/config.ts';

test('channel credentials need CORDON_SECRET_KEY, which has no default', () => {
  assert.equal(loadConfig({}).notifications.secretKey, null);
  assert.throws(
    () =>
      loadConfig({
        CORDON_SLACK_TOKEN: 'xoxb-1',
        CORDON_SMTP_HOST: 'mail',
        CORDON_SMTP_FROM: 'c@example.com',
        CORDON_SMTP_USER: 'u',
        CORDON_SMTP_PASSWORD: 'p',
      }),
    (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(
        error.message,
        /CORDON_SECRET_KEY: is required when channel credentials are configured \(CORDON_SMTP_PASSWORD, CORDON_SLACK_TOKEN\)/,
      );
      return true;
    },
  );
  const ok = loadConfig({ CORDON_SLACK_TOKEN: 'xoxb-1', CORDON_SECRET_KEY: 'k'.repeat(32) });
  assert.equal(ok.notifications.slackToken, 'xoxb-1');
});

test('a mail server without a sender, a webhook without a secret, are refused', () => {
  assert.throws(
    () => loadConfig({ CORDON_SMTP_HOST: 'mail' }),
    /CORDON_SMTP_FROM: is required with CORDON_SMTP_HOST/,
  );
  assert.throws(
    () =>
      loadConfig({ CORDON_WEBHOOK_URL: 'https://hooks.example.com/x', CORDON_SECRET_KEY: 'k'.repeat(32) }),
    /CORDON_WEBHOOK_SECRET: is required with CORDON_WEBHOOK_URL/,
  );
});

test('a plain local relay needs no secret; links point at the public URL', () => {
  const config = loadConfig({
    CORDON_SMTP_HOST: 'localhost',
    CORDON_SMTP_PORT: '25',
    CORDON_SMTP_FROM: 'cordon@example.com',
    CORDON_PUBLIC_URL: 'https://cordon.example.com/',
  });
  assert.equal(config.notifications.smtp?.port, 25);
  assert.equal(config.notifications.baseUrl, 'https://cordon.example.com');
  assert.equal(config.workers, true, 'one process runs everything by default');
});
