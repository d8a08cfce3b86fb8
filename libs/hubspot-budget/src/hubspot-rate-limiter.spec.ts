import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketKeyFor, rateWindowFor, TRANSIT_SLACK_SECONDS } from './hubspot-rate-limiter';

test('no 10-second window of arrivals can exceed the portal limit, and most of it stays usable', () => {
  for (const limit of [10, 100, 190, 200, 250]) {
    const window = rateWindowFor(limit);
    // Arrivals in any 10 s were granted within 10 s plus the transit slack: one window at most.
    assert.ok(window.windowMs >= (10 + TRANSIT_SLACK_SECONDS) * 1000, `limit ${limit}`);
    assert.ok(window.limit <= limit, `limit ${limit}`);
    // The steady rate a backlog gets: the limit per window, not a bucket's refill.
    const sustainedPer10s = (window.limit / window.windowMs) * 10_000;
    assert.ok(sustainedPer10s >= limit * 0.97, `limit ${limit} keeps 97% sustained`);
  }
});

test('the bucket key identifies the token without revealing it', () => {
  const token = 'pat-na1-11111111-2222-3333-4444-555555555555';
  const key = bucketKeyFor(token);
  assert.equal(key, bucketKeyFor(token));
  assert.notEqual(key, bucketKeyFor(token + 'x'));
  assert.ok(!key.includes('pat-na1'));
});
