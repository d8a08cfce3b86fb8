import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  readonly keyId: string;
  readonly key: Buffer;
}

/**
 * AES-256-GCM with the key id stored beside every ciphertext, so a key rotation can decrypt
 * under the old key and re-encrypt under the new one without downtime.
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly current: EncryptionKey,
    previous: readonly EncryptionKey[] = [],
  ) {
    for (const k of [...previous, current]) this.keys.set(k.keyId, k.key);
  }

  get currentKeyId(): string {
    return this.current.keyId;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(this.current.keyId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.current.keyId, iv, cipher.getAuthTag(), body]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string): string {
    const [version, keyId, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || body === undefined) {
      throw new SecretBoxError('stored secret has an unknown format');
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new SecretBoxError(
        `stored secret was encrypted with key '${keyId}', which is not configured ` +
          '(add it to ML_PREVIOUS_ENCRYPTION_KEYS)',
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretBoxError(`stored secret failed authentication under key '${keyId}'`);
    }
  }

  /** True when the sealed value was not written under the current key (rotation pending). */
  needsRotation(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.keyId;
  }
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}
