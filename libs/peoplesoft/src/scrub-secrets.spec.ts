import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { secretScrubber } from './scrub-secrets';

describe('secretScrubber', () => {
  it('removes secrets in plain, percent-encoded and base64 forms', () => {
    const scrub = secretScrubber(() => ['p@ss word', 'tok.en+1']);
    const base64 = Buffer.from('p@ss word').toString('base64').replace(/=+$/, '');
    assert.equal(
      scrub(`a p@ss word b p%40ss%20word c ${base64} d tok.en+1`),
      'a *** b *** c *** d ***',
    );
  });

  it('leaves text alone when there is nothing long enough to hide', () => {
    assert.equal(secretScrubber(() => ['', 'ab'])('ab cd'), 'ab cd');
  });
});
