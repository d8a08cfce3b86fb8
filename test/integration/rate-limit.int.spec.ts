import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestingModule } from '@nestjs/testing';
import { compileOnDatabase, createTestEnvironment, type TestEnvironment } from '@ml/testing';
import { RateLimitRepository } from '../../libs/hubspot-budget/src/rate-limit.repository';

let env: TestEnvironment;
// Two Nest modules = two connection pools, standing in for two writer replicas.
let replicaA: TestingModule;
let replicaB: TestingModule;

before(async () => {
  env = await createTestEnvironment('ratelimit');
  replicaA = await compileOnDatabase(env.config, { providers: [RateLimitRepository] });
  replicaB = await compileOnDatabase(env.config, { providers: [RateLimitRepository] });
});
after(async () => {
  await replicaA?.close();
  await replicaB?.close();
  await env?.destroy();
});

test('replicas racing for one bucket are granted exactly its tokens, no more', async () => {
  const a = replicaA.get(RateLimitRepository);
  const b = replicaB.get(RateLimitRepository);
  // A window this long frees no slot during the test, so the count is exact.
  await a.configure('portal-1', { limit: 7, windowMs: 3_600_000 });
  const takes = await Promise.all(
    Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take('portal-1')),
  );
  assert.equal(takes.filter((t) => t.waitMs === 0).length, 7);
  for (const t of takes.filter((x) => x.waitMs > 0)) assert.ok(t.waitMs > 1_000);
});

test('a pause drains the bucket for every replica and says why', async () => {
  const a = replicaA.get(RateLimitRepository);
  const b = replicaB.get(RateLimitRepository);
  await a.configure('portal-2', { limit: 10, windowMs: 100 });
  assert.equal((await b.take('portal-2')).waitMs, 0);
  await a.pause('portal-2', 60_000, 'HubSpot answered 429 (TEN_SECONDLY_ROLLING)');
  const denied = await b.take('portal-2');
  assert.ok(denied.waitMs > 50_000);
  assert.equal(denied.pauseReason, 'HubSpot answered 429 (TEN_SECONDLY_ROLLING)');
});

test('the window frees a slot when its oldest grant leaves it, never earlier, for every replica', async () => {
  const a = replicaA.get(RateLimitRepository);
  const b = replicaB.get(RateLimitRepository);
  await a.configure('portal-3', { limit: 5, windowMs: 600 });
  const race = () =>
    Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take('portal-3')));
  const first = await race();
  assert.equal(first.filter((t) => t.waitMs === 0).length, 5);
  const waits = first.filter((t) => t.waitMs > 0).map((t) => t.waitMs);
  assert.ok(Math.max(...waits) <= 600, `told to wait ${Math.max(...waits)} ms, the window is 600`);
  // Halfway through the window nothing has left it: still refused.
  await new Promise((r) => setTimeout(r, 250));
  assert.equal((await race()).filter((t) => t.waitMs === 0).length, 0);
  // Once the first grants have aged out, exactly as many slots as left the window, again racing.
  await new Promise((r) => setTimeout(r, 600));
  assert.equal((await race()).filter((t) => t.waitMs === 0).length, 5);
});

test('a window lowered while full keeps counting the grants already made', async () => {
  const a = replicaA.get(RateLimitRepository);
  await a.configure('portal-4', { limit: 4, windowMs: 3_600_000 });
  for (let i = 0; i < 4; i++) assert.equal((await a.take('portal-4')).waitMs, 0);
  await a.configure('portal-4', { limit: 2, windowMs: 3_600_000 });
  assert.ok((await a.take('portal-4')).waitMs > 1_000);
  await a.configure('portal-4', { limit: 5, windowMs: 3_600_000 });
  assert.equal((await a.take('portal-4')).waitMs, 0, 'raised to 5: one more slot');
  assert.ok((await a.take('portal-4')).waitMs > 1_000);
});

test('an unconfigured bucket is an error, not an unlimited pass', async () => {
  await assert.rejects(replicaA.get(RateLimitRepository).take('nobody'), /not configured/);
});
