import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../apps/api/src/swagger';
import { createApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
before(async () => {
  h = await createApiHarness('apiauth');
});
after(async () => {
  await h?.close();
});

/** The probes Kubernetes and Prometheus call: open by design, like the poller's and writer's. */
const PUBLIC_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

const SOME_UUID = '00000000-0000-4000-8000-000000000000';

/** Every operation of the OpenAPI document, path parameters filled in. */
function operations(doc: OpenAPIObject): Array<{ method: string; path: string; template: string }> {
  const ops: Array<{ method: string; path: string; template: string }> = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
      if (item[method]) {
        ops.push({ method, template, path: template.replace(/\{[^}]+\}/g, SOME_UUID) });
      }
    }
  }
  return ops;
}

test('every route but the probes answers 401 without a key, with a wrong key or a bad header', async () => {
  const protectedOps = operations(buildOpenApiDocument(h.app)).filter(
    (op) => !(PUBLIC_PATHS.has(op.template) && op.method === 'get'),
  );
  assert.ok(protectedOps.length >= 15, `found ${protectedOps.length} protected operations`);
  for (const op of protectedOps) {
    const method = op.method as 'get' | 'post' | 'patch' | 'delete';
    for (const key of [null, 'wrong-key-0123456789abcdefghij', '']) {
      const res = await h.call(method, op.path, { key, body: {} });
      assert.equal(res.status, 401, `${op.method.toUpperCase()} ${op.template} with key ${key}`);
      assert.equal(res.body.message, 'Unauthorized', 'no detail about what was wrong');
      assert.equal(res.headers['www-authenticate'], 'Bearer');
      assert.ok(res.body.correlationId);
    }
  }
});

test('a Basic or lower-case scheme header is refused too', async () => {
  const { default: request } = await import('supertest');
  const server = h.app.getHttpServer();
  const basic = await request(server).get('/connections').set('Authorization', 'Basic abc');
  assert.equal(basic.status, 401);
  const twoTokens = await request(server).get('/connections').set('Authorization', 'Bearer a b');
  assert.equal(twoTokens.status, 401);
});

test('the probes and metrics need no key', async () => {
  const res = await h.call('get', '/health', { key: null });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'ok');
  assert.equal((await h.call('get', '/health/live', { key: null })).status, 200);
  assert.equal((await h.call('get', '/health/ready', { key: null })).status, 200);
  const { default: request } = await import('supertest');
  const metrics = await request(h.app.getHttpServer()).get('/metrics');
  assert.equal(metrics.status, 200);
  assert.match(metrics.text, /^# TYPE ml_auth_failures_total counter$/m);
});

test('a created key works until revoked; the list never shows keys or hashes', async () => {
  const created = await h.call('post', '/api-keys', { body: { name: 'tooling' } });
  assert.equal(created.status, 201);
  const key: string = created.body.key;
  assert.match(key, /^mlk_[A-Za-z0-9_-]{43}$/);
  assert.equal(created.body.prefix, key.slice(0, 12));

  assert.equal((await h.call('get', '/connections', { key })).status, 200);
  const listed = await h.call('get', '/api-keys', { key });
  assert.equal(listed.status, 200);
  const row = listed.body.find((k: { id: string }) => k.id === created.body.id);
  assert.equal(row.name, 'tooling');
  assert.ok(row.lastUsedAt, 'use is recorded');
  assert.equal(row.revokedAt, null);
  assert.ok(!listed.text.includes(key), 'the key is shown only once');
  const [stored] = await h.db.query(`SELECT key_hash FROM admin_api_keys WHERE id = $1`, [
    created.body.id,
  ]);
  assert.ok(!listed.text.includes(stored.key_hash), 'the hash is never shown');
  assert.notEqual(stored.key_hash, key, 'only a hash is stored');

  assert.equal((await h.call('delete', `/api-keys/${created.body.id}`)).status, 204);
  assert.equal((await h.call('get', '/connections', { key })).status, 401);
  assert.equal((await h.call('delete', `/api-keys/${created.body.id}`)).status, 204);
  const after = await h.call('get', '/api-keys');
  assert.ok(after.body.find((k: { id: string }) => k.id === created.body.id).revokedAt);
});

test('api-keys validation: name required, unknown fields refused, bad and unknown ids', async () => {
  const missing = await h.call('post', '/api-keys', { body: {} });
  assert.equal(missing.status, 400);
  assert.ok(missing.body.message.some((m: string) => m.startsWith('name ')));
  const extra = await h.call('post', '/api-keys', { body: { name: 'x', scope: 'all' } });
  assert.equal(extra.status, 400);
  assert.ok(extra.body.message.includes('property scope should not exist'));
  const badId = await h.call('delete', '/api-keys/not-a-uuid');
  assert.equal(badId.status, 400);
  assert.equal(badId.body.message, 'id must be a UUID');
  assert.equal((await h.call('delete', `/api-keys/${SOME_UUID}`)).status, 404);
});

test('a correlation id is echoed when it is a short token, replaced otherwise', async () => {
  const { default: request } = await import('supertest');
  const server = h.app.getHttpServer();
  const kept = await request(server).get('/health').set('X-Correlation-Id', 'abc-123');
  assert.equal(kept.headers['x-correlation-id'], 'abc-123');
  const replaced = await request(server).get('/health').set('X-Correlation-Id', 'a b<script>');
  assert.match(replaced.headers['x-correlation-id'], /^[0-9a-f-]{36}$/);
});

test('GET /health reports a dependency that is down with 503 and which one', async () => {
  const { AmqpConnection } = await import('@ml/messaging');
  const amqp = h.app.get(AmqpConnection);
  const original = amqp.isHealthy.bind(amqp);
  amqp.isHealthy = () => false;
  try {
    const res = await h.call('get', '/health', { key: null });
    assert.equal(res.status, 503);
    assert.equal(res.body.rabbitmq.status, 'down');
    assert.equal(res.body.postgres.status, 'up');
  } finally {
    amqp.isHealthy = original;
  }
});
