import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bucketKeyFor,
  HubSpotRateLimiter,
  rateWindowFor,
  TRANSIT_SLACK_SECONDS,
} from './hubspot-rate-limiter';
import type { RateLimitRepository } from './rate-limit.repository';

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

/** The shared window's contract in memory: `limit` grants in any `windowMs`, real time. */
class InMemoryWindow {
  private grants: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  configure(): Promise<void> {
    return Promise.resolve();
  }
  take(): Promise<{ waitMs: number; pauseReason: string | null }> {
    const now = Date.now();
    this.grants = this.grants.filter((g) => g > now - this.windowMs);
    if (this.grants.length < this.limit) {
      this.grants.push(now);
      return Promise.resolve({ waitMs: 0, pauseReason: null });
    }
    const oldest = this.grants[0] ?? now;
    return Promise.resolve({ waitMs: oldest + this.windowMs - now + 1, pauseReason: null });
  }
}

test('requests queued behind others are granted when slots free, not a whole wait later', async () => {
  const windowMs = 1_000;
  const limiter = new HubSpotRateLimiter(
    new InMemoryWindow(2, windowMs) as unknown as RateLimitRepository,
  );
  const start = Date.now();
  const grantedAfter = await Promise.all(
    Array.from({ length: 4 }, () =>
      limiter.acquire('pat-na1-queued', 2).then(() => Date.now() - start),
    ),
  );
  const [, , third, fourth] = grantedAfter.sort((a, b) => a - b);
  // Two slots free at once after one window: both waiting requests take them. Asking again only
  // a full first answer after the third was granted put the fourth a window later.
  assert.ok(third !== undefined && third >= windowMs - 5, `third after ${third} ms`);
  assert.ok(fourth !== undefined && fourth < windowMs * 1.6, `fourth after ${fourth} ms`);
});
