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
  // A refill this slow adds no token during the test, so the count is exact.
  await a.configure('portal-1', { capacity: 7, refillPerSecond: 0.0001 });
  const takes = await Promise.all(
    Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take('portal-1')),
  );
  assert.equal(takes.filter((t) => t.waitMs === 0).length, 7);
  for (const t of takes.filter((x) => x.waitMs > 0)) assert.ok(t.waitMs > 1_000);
});

test('a pause drains the bucket for every replica and says why', async () => {
  const a = replicaA.get(RateLimitRepository);
  const b = replicaB.get(RateLimitRepository);
  await a.configure('portal-2', { capacity: 10, refillPerSecond: 100 });
  assert.equal((await b.take('portal-2')).waitMs, 0);
  await a.pause('portal-2', 60_000, 'HubSpot answered 429 (TEN_SECONDLY_ROLLING)');
  const denied = await b.take('portal-2');
  assert.ok(denied.waitMs > 50_000);
  assert.equal(denied.pauseReason, 'HubSpot answered 429 (TEN_SECONDLY_ROLLING)');
});

test('an unconfigured bucket is an error, not an unlimited pass', async () => {
  await assert.rejects(replicaA.get(RateLimitRepository).take('nobody'), /not configured/);
});
