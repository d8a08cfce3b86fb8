import { hash } from 'node:crypto';

/*
 * The content hash is sha256 hex over the properties in sorted key order, each written as
 * `<key length>:<key>=<value length>:<value>;`. The lengths in front mean no value (whatever
 * separators it holds) can make two property sets collide, and no escaping work is needed.
 */

/** A property's name as its entry starts, first in the text or after another entry. */
export interface EntryKey {
  readonly first: string;
  readonly next: string;
}

/** Compiled mappers make these once per property rather than once per record. */
export function entryKey(key: string): EntryKey {
  const first = key.length + ':' + key + '=';
  return { first, next: ';' + first };
}

// "<n>:" for the value lengths short text has, so appending one costs no number formatting.
const LENGTH_TAGS = Array.from({ length: 256 }, (_, length) => length + ':');

/**
 * Appends one property; properties must come in sorted key order. Each `+` allocates, so an entry
 * is three: the previous entry's ';' travels with the next key, and hashCanonical adds the last.
 */
export function appendEntry(canonical: string, key: EntryKey, value: string): string {
  const length = value.length;
  const tag = length < LENGTH_TAGS.length ? LENGTH_TAGS[length] : length + ':';
  return (canonical === '' ? key.first : canonical + key.next) + tag + value;
}

/** The hash of a text built by appendEntry. */
export function hashCanonical(canonical: string): string {
  // One-shot hash: a third of the cost of createHash().update().digest() for short inputs.
  return hash('sha256', canonical === '' ? '' : canonical + ';', 'hex');
}

export function contentHashOf(properties: Readonly<Record<string, string>>): string {
  let canonical = '';
  for (const key of Object.keys(properties).sort()) {
    const value = properties[key];
    if (value !== undefined) canonical = appendEntry(canonical, entryKey(key), value);
  }
  return hashCanonical(canonical);
}
