import { DataSource } from 'typeorm';
import type { AppConfig } from '@ml/config';
import { dataSourceOptions } from '@ml/database';
import { ConnectionEntity } from './connection.entity';
import { ConnectionsRepository } from './connections.repository';
import { rotateStoredSecrets, type RotationReport } from './key-rotation';
import { SecretBox } from './secret-box';

/**
 * Re-encrypts every connection secret of the configured database under `config.encryption`,
 * reading old ones with `config.previousEncryptionKeys`. Used by `npm run rotate-key`.
 */
export async function rotateKeysInDatabase(
  config: AppConfig,
): Promise<RotationReport & { keyId: string }> {
  const dataSource = new DataSource({
    ...dataSourceOptions(config.databaseUrl, 'ml-connector-rotate-key'),
    entities: [ConnectionEntity],
  });
  await dataSource.initialize();
  try {
    const box = new SecretBox(config.encryption, config.previousEncryptionKeys);
    const repository = new ConnectionsRepository(dataSource.getRepository(ConnectionEntity));
    return { ...(await rotateStoredSecrets(repository, box)), keyId: box.currentKeyId };
  } finally {
    await dataSource.destroy();
  }
}
