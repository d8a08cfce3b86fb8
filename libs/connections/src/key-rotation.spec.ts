import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rotateStoredSecrets } from './key-rotation';
import { SecretBox } from './secret-box';

const k1 = { keyId: 'k1', key: randomBytes(32) };
const k2 = { keyId: 'k2', key: randomBytes(32) };

/** An in-memory stand-in for the two repository methods the rotation uses. */
function memoryRepository(rows: Map<string, [string, string]>) {
  return {
    ids: async () => [...rows.keys()],
    resealSecrets: async (id: string, reseal: (sealed: string) => string | null) => {
      const row = rows.get(id);
      if (!row) return false;
      const next = row.map((sealed) => reseal(sealed)) as [string | null, string | null];
      if (next[0] === null && next[1] === null) return false;
      rows.set(id, [next[0] ?? row[0], next[1] ?? row[1]]);
      return true;
    },
  };
}

test('re-encrypts secrets sealed under an old key and leaves current ones alone', async () => {
  const old = new SecretBox(k1);
  const rotatedBox = new SecretBox(k2, [k1]);
  const alreadyCurrent = rotatedBox.encrypt('token-b');
  const rows = new Map<string, [string, string]>([
    ['a', [old.encrypt('pw-a'), old.encrypt('token-a')]],
    ['b', [rotatedBox.encrypt('pw-b'), alreadyCurrent]],
  ]);
  const report = await rotateStoredSecrets(memoryRepository(rows), rotatedBox);
  assert.deepEqual(report, { checked: 2, rotated: 1 });
  const [pwA, tokenA] = rows.get('a') ?? ['', ''];
  assert.equal(rotatedBox.needsRotation(pwA), false);
  assert.equal(new SecretBox(k2).decrypt(pwA), 'pw-a');
  assert.equal(new SecretBox(k2).decrypt(tokenA), 'token-a');
  assert.equal(rows.get('b')?.[1], alreadyCurrent, 'a current ciphertext is not rewritten');
  assert.deepEqual(await rotateStoredSecrets(memoryRepository(rows), rotatedBox), {
    checked: 2,
    rotated: 0,
  });
});

test('a secret under a key that is no longer configured stops the rotation with its key id', async () => {
  const rows = new Map<string, [string, string]>([
    ['a', [new SecretBox(k1).encrypt('pw'), new SecretBox(k1).encrypt('tok')]],
  ]);
  await assert.rejects(
    rotateStoredSecrets(memoryRepository(rows), new SecretBox(k2)),
    /key 'k1', which is not configured/,
  );
});
