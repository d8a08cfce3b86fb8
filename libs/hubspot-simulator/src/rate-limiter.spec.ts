import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './rate-limiter';

function limiter(start: number, requestsPer10s = 3, dailyLimit = 100) {
  const clock = { now: start };
  const rateLimiter = new RateLimiter({
    requestsPer10s,
    dailyLimit,
    timeZone: 'US/Eastern',
    now: () => clock.now,
  });
  return { clock, rateLimiter };
}

describe('RateLimiter', () => {
  it('refuses the request over the per-app budget until the oldest leaves the rolling window', () => {
    const { clock, rateLimiter } = limiter(Date.UTC(2026, 10, 28, 15));
    for (let i = 0; i < 3; i += 1) {
      assert.equal(rateLimiter.admit('app').admitted, true);
      clock.now += 1_000;
    }
    const refused = rateLimiter.admit('app');
    assert.equal(refused.admitted, false);
    assert.equal(refused.admitted === false && refused.policy, 'TEN_SECONDLY_ROLLING');
    assert.equal(refused.admitted === false && refused.retryAfterMs, 7_000);
    assert.equal(refused.headers['X-HubSpot-RateLimit-Remaining'], '0');
    assert.equal(rateLimiter.admit('other-app').admitted, true, 'each app has its own window');
    clock.now += 7_000;
    assert.equal(rateLimiter.admit('app').admitted, true);
  });

  it('does not charge refused requests to the budget', () => {
    const { rateLimiter } = limiter(Date.UTC(2026, 10, 28, 15), 1, 100);
    rateLimiter.admit('app');
    rateLimiter.admit('app');
    rateLimiter.admit('app');
    assert.equal(rateLimiter.dailyUsed(), 1);
  });

  it('reports budget headers on every decision', () => {
    const { rateLimiter } = limiter(Date.UTC(2026, 10, 28, 15), 3, 10);
    const decision = rateLimiter.admit('app');
    assert.deepEqual(decision.headers, {
      'X-HubSpot-RateLimit-Max': '3',
      'X-HubSpot-RateLimit-Remaining': '2',
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Daily': '10',
      'X-HubSpot-RateLimit-Daily-Remaining': '9',
    });
  });

  it('applies the daily limit across apps and resets it at midnight in the account time zone', () => {
    // 23:00 in New York (EST, UTC-5) is 04:00 UTC the next day.
    const { clock, rateLimiter } = limiter(Date.UTC(2026, 10, 29, 4, 0), 100, 2);
    assert.equal(rateLimiter.admit('a').admitted, true);
    assert.equal(rateLimiter.admit('b').admitted, true);
    const refused = rateLimiter.admit('c');
    assert.equal(refused.admitted === false && refused.policy, 'DAILY');
    assert.equal(refused.admitted === false && refused.retryAfterMs, 3_600_000);
    assert.equal(refused.headers['X-HubSpot-RateLimit-Daily-Remaining'], '0');
    clock.now += 30 * 60_000;
    assert.equal(rateLimiter.admit('a').admitted, false, 'still the same local day at 23:30');
    clock.now += 30 * 60_000;
    assert.equal(rateLimiter.admit('a').admitted, true, 'a new local day');
  });
});
