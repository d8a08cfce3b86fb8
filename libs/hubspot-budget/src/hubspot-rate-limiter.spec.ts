import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketKeyFor, bucketShapeFor, TRANSIT_SLACK_SECONDS } from './hubspot-rate-limiter';

test('no 10-second window of arrivals can exceed the portal limit, and most of it stays usable', () => {
  for (const limit of [10, 100, 190, 200, 250]) {
    const shape = bucketShapeFor(limit);
    assert.ok(shape.capacity >= 1);
    // Grants over 10 s plus the transit slack: the most arrivals any 10-second window can see.
    const worstWindow = shape.capacity + shape.refillPerSecond * (10 + TRANSIT_SLACK_SECONDS);
    assert.ok(worstWindow <= limit + 1e-9, `limit ${limit}`);
    assert.ok(shape.refillPerSecond * 10 >= limit * 0.85, `limit ${limit} keeps 85% sustained`);
  }
});

test('the bucket key identifies the token without revealing it', () => {
  const token = 'pat-na1-11111111-2222-3333-4444-555555555555';
  const key = bucketKeyFor(token);
  assert.equal(key, bucketKeyFor(token));
  assert.notEqual(key, bucketKeyFor(token + 'x'));
  assert.ok(!key.includes('pat-na1'));
});
