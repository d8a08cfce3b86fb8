import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRateLimitHeaders, parseRetryAfterMs } from './rate-limit-headers';

describe('parseRateLimitHeaders', () => {
  it('reads all five X-HubSpot-RateLimit headers', () => {
    const info = parseRateLimitHeaders({
      'x-hubspot-ratelimit-max': '190',
      'x-hubspot-ratelimit-remaining': '187',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-daily': '1000000',
      'x-hubspot-ratelimit-daily-remaining': '999120',
    });
    assert.deepEqual(info, {
      max: 190,
      remaining: 187,
      intervalMs: 10_000,
      daily: 1_000_000,
      dailyRemaining: 999_120,
    });
  });

  it('is undefined without any of them, and leaves out malformed values', () => {
    assert.equal(parseRateLimitHeaders({ 'content-type': 'application/json' }), undefined);
    assert.deepEqual(
      parseRateLimitHeaders({
        'x-hubspot-ratelimit-max': ['100', '190'],
        'x-hubspot-ratelimit-remaining': '-3',
        'x-hubspot-ratelimit-daily': 'lots',
      }),
      { max: 100 },
    );
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.UTC(2026, 10, 28, 12, 0, 0);

  it('reads seconds, fractional seconds and HTTP dates', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': '3' }, now), 3_000);
    assert.equal(parseRetryAfterMs({ 'retry-after': ' 1.5 ' }, now), 1_500);
    assert.equal(
      parseRetryAfterMs({ 'retry-after': 'Sat, 28 Nov 2026 12:00:10 GMT' }, now),
      10_000,
    );
  });

  it('never goes negative for a date in the past, and ignores garbage', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': 'Sat, 28 Nov 2026 11:00:00 GMT' }, now), 0);
    assert.equal(parseRetryAfterMs({ 'retry-after': 'soon' }, now), undefined);
    assert.equal(parseRetryAfterMs({}, now), undefined);
  });
});
