import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf, generateKey, hashKey, KEY_PREFIX, matchesAny } from './key-hash';

test('generated keys are long, prefixed and unique', () => {
  const a = generateKey();
  const b = generateKey();
  assert.ok(a.startsWith(KEY_PREFIX));
  assert.ok(a.length >= 40);
  assert.notEqual(a, b);
});

test('matchesAny finds a key among several and refuses near misses', () => {
  const keys = ['first-key-aaaaaaaaaaaaaaaaaa', 'second-key-bbbbbbbbbbbbbbbbb'];
  const digests = keys.map(digestOf);
  assert.equal(matchesAny('second-key-bbbbbbbbbbbbbbbbb', digests), true);
  assert.equal(matchesAny('second-key-bbbbbbbbbbbbbbbbc', digests), false);
  assert.equal(matchesAny('', digests), false);
  assert.equal(matchesAny('anything', []), false);
});

test('hashKey is the hex sha256 stored in admin_api_keys', () => {
  assert.equal(hashKey('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
