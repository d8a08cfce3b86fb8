import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_FAULTS, drawFault, mergeFaults } from './faults';

describe('fault settings', () => {
  it('merges partial updates and refuses bad values', () => {
    const next = mergeFaults(DEFAULT_FAULTS, { rateLimitFraction: 0.2, partialFailureMode: '207' });
    assert.equal(next.rateLimitFraction, 0.2);
    assert.equal(next.partialFailureMode, '207');
    assert.throws(() => mergeFaults(DEFAULT_FAULTS, { rateLimitFraction: 2 }), RangeError);
    assert.throws(
      () => mergeFaults(DEFAULT_FAULTS, { hangFraction: 0.6, lockedFraction: 0.6 }),
      /more than 1/,
    );
    assert.throws(() => mergeFaults(DEFAULT_FAULTS, { nonsense: 1 }), /unknown fault setting/);
    assert.throws(() => mergeFaults(DEFAULT_FAULTS, { partialFailureMode: '200' }), RangeError);
  });

  it('injects a 429 with Retry-After only when configured', () => {
    const always = mergeFaults(DEFAULT_FAULTS, { rateLimitFraction: 1 });
    const plain = drawFault(always, () => 0.5, 'c');
    assert.equal(plain.kind === 'answer' && plain.response.status, 429);
    assert.deepEqual(plain.kind === 'answer' && plain.response.headers, {});
    const withHeader = drawFault({ ...always, rateLimitRetryAfterSeconds: 3 }, () => 0.5, 'c');
    assert.deepEqual(withHeader.kind === 'answer' && withHeader.response.headers, {
      'Retry-After': '3',
    });
  });

  it('produces JSON and HTML server errors and 423 Locked', () => {
    const servers = mergeFaults(DEFAULT_FAULTS, { serverErrorFraction: 1 });
    const statuses = [0, 0.3, 0.6, 0.9].map((pick) => {
      const draws = [0.5, pick];
      const fault = drawFault(servers, () => draws.shift() ?? 0, 'c');
      return fault.kind === 'answer'
        ? [fault.response.status, fault.response.html !== undefined]
        : [];
    });
    assert.deepEqual(statuses, [
      [500, false],
      [502, true],
      [503, true],
      [504, false],
    ]);
    const locked = drawFault(mergeFaults(DEFAULT_FAULTS, { lockedFraction: 1 }), () => 0.1, 'c');
    assert.equal(locked.kind === 'answer' && locked.response.status, 423);
    assert.equal(drawFault(DEFAULT_FAULTS, () => 0.1, 'c').kind, 'none');
  });
});
