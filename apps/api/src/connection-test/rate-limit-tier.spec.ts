import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rateLimitCheck, tierName } from './rate-limit-tier';

test('the tier is read from the per-interval maximum', () => {
  assert.equal(tierName(100), 'Free or Starter');
  assert.equal(tierName(190), 'Professional or Enterprise');
  assert.equal(tierName(77), 'custom');
});

test('a budget within the real limit passes and names the tier', () => {
  const check = rateLimitCheck(
    { max: 190, intervalMs: 10_000, daily: 1_000_000 },
    { requestsPer10Seconds: 150, dailyLimit: 500_000 },
  );
  assert.equal(check.status, 'ok');
  assert.match(
    check.detail,
    /190 requests per 10 s \(Professional or Enterprise\), 1000000 per day/,
  );
  assert.equal(check.hint, null);
});

test('a budget above the real limit fails with the value to set', () => {
  const check = rateLimitCheck(
    { max: 100, intervalMs: 10_000, daily: 250_000 },
    { requestsPer10Seconds: 190, dailyLimit: 1_000_000 },
  );
  assert.equal(check.status, 'failed');
  assert.match(check.hint ?? '', /requestsPer10Seconds to 100 or less and .*dailyLimit to 250000/);
});

test('no headers: skipped, not failed', () => {
  assert.equal(
    rateLimitCheck(undefined, { requestsPer10Seconds: 1, dailyLimit: 1 }).status,
    'skipped',
  );
});
