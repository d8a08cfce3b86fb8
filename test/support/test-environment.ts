import { loadConfig, type AppConfig } from '@ml/config';
import { runMigrations } from '@ml/database';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestVhost, type TestVhost } from './test-vhost';

export interface TestEnvironment {
  readonly database: TestDatabase;
  readonly vhost: TestVhost;
  /** Environment for child processes and loadConfig: points at this run's database and vhost. */
  readonly env: NodeJS.ProcessEnv;
  readonly config: AppConfig;
  destroy(): Promise<void>;
}

export const TEST_ENCRYPTION_KEY = `test:${Buffer.alloc(32, 3).toString('base64')}`;

/** A migrated database and an empty vhost of this test file's own. */
export async function createTestEnvironment(label: string): Promise<TestEnvironment> {
  const [database, vhost] = await Promise.all([createTestDatabase(label), createTestVhost(label)]);
  await runMigrations(database.url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    RABBITMQ_URL: vhost.url,
    ML_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  return {
    database,
    vhost,
    env,
    config: loadConfig(env),
    destroy: async () => {
      await Promise.all([database.drop(), vhost.drop()]);
    },
  };
}
