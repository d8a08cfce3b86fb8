import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_PREFIX = 'mlk_';
/** Characters of a key kept in clear to tell keys apart in listings. */
export const SHOWN_PREFIX_LENGTH = 12;

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new API key: `mlk_` and 32 random bytes, base64url. */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * Whether `presented` equals one of `keys`, in time independent of where they differ and of
 * which one matched: fixed-length digests compared with timingSafeEqual, every key checked.
 */
export function matchesAny(presented: string, keyDigests: readonly Buffer[]): boolean {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let matched = false;
  for (const candidate of keyDigests) {
    matched = timingSafeEqual(digest, candidate) || matched;
  }
  return matched;
}

export function digestOf(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
