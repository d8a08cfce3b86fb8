import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './env-reader';
import { loadConfig } from './app-config';

const key = (id: string) => `${id}:${Buffer.alloc(32, 1).toString('base64')}`;

test('defaults point at localhost services for development', () => {
  const config = loadConfig({});
  assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/ml_connector');
  assert.equal(config.rabbitmqUrl, 'amqp://guest:guest@127.0.0.1:5672');
  assert.equal(config.api.port, 3000);
  assert.equal(config.encryption.key.length, 32);
});

test('every bad variable is named in one error', () => {
  assert.throws(
    () =>
      loadConfig({
        DATABASE_URL: 'mysql://x',
        API_PORT: '70000',
        ML_ENCRYPTION_KEY: 'short',
        LOG_LEVEL: 'loud',
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const text = error.message;
      for (const name of ['DATABASE_URL', 'API_PORT', 'ML_ENCRYPTION_KEY', 'LOG_LEVEL']) {
        assert.match(text, new RegExp(name));
      }
      assert.equal(error.problems.length, 4);
      return true;
    },
  );
});

test('production refuses to boot without an encryption key', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /ML_ENCRYPTION_KEY is required/);
});

test('encryption keys carry their id, and previous keys are kept for rotation', () => {
  const config = loadConfig({
    ML_ENCRYPTION_KEY: key('k2'),
    ML_PREVIOUS_ENCRYPTION_KEYS: key('k1'),
  });
  assert.equal(config.encryption.keyId, 'k2');
  assert.deepEqual(
    config.previousEncryptionKeys.map((k) => k.keyId),
    ['k1'],
  );
});

test('the encryption key never appears in the error text', () => {
  const secret = 'k1:' + Buffer.alloc(16, 9).toString('base64');
  assert.throws(
    () => loadConfig({ ML_ENCRYPTION_KEY: secret }),
    (error: unknown) => error instanceof Error && !error.message.includes(secret.slice(3)),
  );
});

test('ADMIN_API_KEYS is a comma-separated list; a weak key is refused without being echoed', () => {
  const strong = 'a'.repeat(24);
  const other = 'B'.repeat(30);
  assert.deepEqual(loadConfig({ ADMIN_API_KEYS: ` ${strong}, ${other} ,` }).api.adminApiKeys, [
    strong,
    other,
  ]);
  assert.deepEqual(loadConfig({}).api.adminApiKeys, []);
  assert.throws(
    () => loadConfig({ ADMIN_API_KEYS: `${strong},tooshort1` }),
    (error: unknown) =>
      error instanceof ConfigError &&
      /ADMIN_API_KEYS key #2/.test(error.message) &&
      !error.message.includes('tooshort1'),
  );
});

test('AUDIT_RETENTION_DAYS defaults to 90 days and must be 1 to 3650', () => {
  assert.equal(loadConfig({}).audit.retentionDays, 90);
  assert.equal(loadConfig({ AUDIT_RETENTION_DAYS: '7' }).audit.retentionDays, 7);
  assert.throws(() => loadConfig({ AUDIT_RETENTION_DAYS: '0' }), /AUDIT_RETENTION_DAYS/);
});
