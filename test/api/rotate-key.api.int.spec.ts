import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestingModule } from '@nestjs/testing';
import { loadConfig } from '@ml/config';
import { ConnectionsModule, ConnectionsService, rotateKeysInDatabase } from '@ml/connections';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  TEST_ENCRYPTION_KEY,
  type TestEnvironment,
} from '@ml/testing';

const NEW_KEY = `k2:${Buffer.alloc(32, 9).toString('base64')}`;

let env: TestEnvironment;
const modules: TestingModule[] = [];

before(async () => {
  env = await createTestEnvironment('rotkey');
});
after(async () => {
  for (const m of modules) await m.close();
  await env?.destroy();
});

test('rotate-key re-encrypts every secret under the new key; the old key is then unneeded', async () => {
  const before = await compileOnDatabase(env.config, { imports: [ConnectionsModule] });
  modules.push(before);
  const created = await before.get(ConnectionsService).create(
    connectionFixture('rotate', {
      peoplesoftUrl: 'http://127.0.0.1:1',
      hubspotUrl: 'http://127.0.0.1:2',
      hubspotToken: 'pat-na1-rotate-token-4711',
      password: 'rotate-password-0815',
    }),
  );

  const rotating = loadConfig({
    ...env.env,
    ML_ENCRYPTION_KEY: NEW_KEY,
    ML_PREVIOUS_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEY,
  });
  assert.deepEqual(await rotateKeysInDatabase(rotating), { checked: 1, rotated: 1, keyId: 'k2' });
  assert.deepEqual(await rotateKeysInDatabase(rotating), { checked: 1, rotated: 0, keyId: 'k2' });

  const onlyNew = loadConfig({ ...env.env, ML_ENCRYPTION_KEY: NEW_KEY });
  const afterRotation = await compileOnDatabase(onlyNew, { imports: [ConnectionsModule] });
  modules.push(afterRotation);
  const read = await afterRotation.get(ConnectionsService).withSecrets(created.id);
  assert.equal(read?.hubspotToken, 'pat-na1-rotate-token-4711');
  assert.equal(read?.peoplesoftSecret, 'rotate-password-0815');
});
