import type { ConnectionsRepository } from './connections.repository';
import type { SecretBox } from './secret-box';

export interface RotationReport {
  /** Connections looked at. */
  readonly checked: number;
  /** Connections with at least one secret re-encrypted under the current key. */
  readonly rotated: number;
}

/**
 * Re-encrypts every stored secret not sealed under the box's current key. One short transaction
 * per connection (row lock held only while re-sealing its two secrets); safe to run again, and
 * safe while the apps run, as long as they already know the current key.
 */
export async function rotateStoredSecrets(
  repository: Pick<ConnectionsRepository, 'ids' | 'resealSecrets'>,
  box: SecretBox,
): Promise<RotationReport> {
  const ids = await repository.ids();
  let rotated = 0;
  for (const id of ids) {
    const changed = await repository.resealSecrets(id, (sealed) =>
      box.needsRotation(sealed) ? box.encrypt(box.decrypt(sealed)) : null,
    );
    if (changed) rotated += 1;
  }
  return { checked: ids.length, rotated };
}
