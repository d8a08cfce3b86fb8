import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullJitterBackoff } from './full-jitter-backoff';

describe('fullJitterBackoff', () => {
  it('draws from [0, base * 2^attempt) scaled by the random source', () => {
    assert.equal(
      fullJitterBackoff(0, 500, 60_000, () => 0.5),
      250,
    );
    assert.equal(
      fullJitterBackoff(3, 500, 60_000, () => 0.5),
      2_000,
    );
    assert.equal(
      fullJitterBackoff(3, 500, 60_000, () => 0),
      0,
    );
    assert.equal(
      fullJitterBackoff(3, 500, 60_000, () => 0.999_999),
      3_999,
    );
  });

  it('never exceeds the cap, even for huge attempt numbers', () => {
    assert.equal(
      fullJitterBackoff(40, 500, 60_000, () => 0.5),
      30_000,
    );
    assert.equal(
      fullJitterBackoff(5_000, 500, 60_000, () => 0.5),
      30_000,
    );
  });

  it('refuses nonsense arguments and a random source outside [0, 1)', () => {
    assert.throws(() => fullJitterBackoff(-1, 500, 60_000), RangeError);
    assert.throws(() => fullJitterBackoff(1.5, 500, 60_000), RangeError);
    assert.throws(() => fullJitterBackoff(1, -5, 60_000), RangeError);
    assert.throws(() => fullJitterBackoff(1, 500, Number.NaN), RangeError);
    assert.throws(() => fullJitterBackoff(1, 500, 60_000, () => 1), RangeError);
  });
});
