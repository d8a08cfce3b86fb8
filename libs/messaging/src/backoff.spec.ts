import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullJitterDelay } from './backoff';

const options = { initialDelayMs: 100, maxDelayMs: 5_000 };

describe('fullJitterDelay', () => {
  it('draws uniformly between 0 and the exponential ceiling', () => {
    assert.equal(
      fullJitterDelay(1, options, () => 0),
      0,
    );
    assert.equal(
      fullJitterDelay(1, options, () => 0.5),
      50,
    );
    assert.equal(
      fullJitterDelay(3, options, () => 0.5),
      200,
    );
    assert.equal(
      fullJitterDelay(4, options, () => 0.999),
      799,
    );
  });

  it('never exceeds the cap, however many attempts', () => {
    assert.equal(
      fullJitterDelay(7, options, () => 0.999),
      4_995,
    );
    assert.equal(
      fullJitterDelay(10_000, options, () => 0.999),
      4_995,
    );
    assert.ok(Number.isFinite(fullJitterDelay(Number.MAX_SAFE_INTEGER, options)));
  });

  it('stays within bounds with the real random source', () => {
    for (let attempt = 1; attempt <= 50; attempt += 1) {
      const delay = fullJitterDelay(attempt, options);
      assert.ok(delay >= 0 && delay < options.maxDelayMs, `attempt ${attempt} gave ${delay}`);
    }
  });
});
