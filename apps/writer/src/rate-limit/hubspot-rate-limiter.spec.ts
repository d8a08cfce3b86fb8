import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketKeyFor, bucketShapeFor } from './hubspot-rate-limiter';

test('burst plus ten seconds of refill never exceeds the portal limit', () => {
  for (const limit of [10, 100, 190, 200, 250]) {
    const shape = bucketShapeFor(limit);
    assert.ok(shape.capacity >= 1);
    assert.ok(shape.capacity + shape.refillPerSecond * 10 <= limit + 1e-9, `limit ${limit}`);
    assert.ok(shape.refillPerSecond * 10 >= limit * 0.9, `limit ${limit} keeps 90% sustained`);
  }
});

test('the bucket key identifies the token without revealing it', () => {
  const token = 'pat-na1-11111111-2222-3333-4444-555555555555';
  const key = bucketKeyFor(token);
  assert.equal(key, bucketKeyFor(token));
  assert.notEqual(key, bucketKeyFor(token + 'x'));
  assert.ok(!key.includes('pat-na1'));
});
