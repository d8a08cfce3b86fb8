import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const k1 = { keyId: 'k1', key: randomBytes(32) };
const k2 = { keyId: 'k2', key: randomBytes(32) };

test('round-trips a secret and never stores it in clear', () => {
  const box = new SecretBox(k1);
  const sealed = box.encrypt('pat-na1-secret-token');
  assert.ok(!sealed.includes('secret-token'));
  assert.equal(box.decrypt(sealed), 'pat-na1-secret-token');
});

test('the same plaintext encrypts differently each time (random IV)', () => {
  const box = new SecretBox(k1);
  assert.notEqual(box.encrypt('x'), box.encrypt('x'));
});

test('a rotated box still reads old ciphertexts and flags them for re-encryption', () => {
  const old = new SecretBox(k1).encrypt('hunter2');
  const rotated = new SecretBox(k2, [k1]);
  assert.equal(rotated.decrypt(old), 'hunter2');
  assert.equal(rotated.needsRotation(old), true);
  assert.equal(rotated.needsRotation(rotated.encrypt('hunter2')), false);
});

test('tampering or a missing key fails with a message that names the key, not the secret', () => {
  const sealed = new SecretBox(k1).encrypt('hunter2');
  const parts = sealed.split('.');
  parts[4] = Buffer.from('tampered').toString('base64url');
  assert.throws(
    () => new SecretBox(k1).decrypt(parts.join('.')),
    /failed authentication under key 'k1'/,
  );
  assert.throws(() => new SecretBox(k2).decrypt(sealed), /key 'k1', which is not configured/);
  assert.throws(() => new SecretBox(k1).decrypt('plain'), /unknown format/);
});

test('a ciphertext cannot be relabelled with another key id', () => {
  const sealed = new SecretBox(k1).encrypt('hunter2');
  const relabelled = sealed.replace('.k1.', '.k2.');
  assert.throws(() => new SecretBox(k2, [k1]).decrypt(relabelled), /failed authentication/);
});
