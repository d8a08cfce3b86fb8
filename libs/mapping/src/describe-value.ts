import { escapeUnsafe } from './text-checks';
import { truncateText } from './truncate';

const MAX_SHOWN = 60;

/**
 * Quotes a value for a reason message: shortened so a 10,000-character value does not bury the
 * message, and escaped so the message itself is always storable text.
 */
export function quoteValue(value: string): string {
  const shown = value.length > MAX_SHOWN ? truncateText(value, MAX_SHOWN) + '…' : value;
  return `'${escapeUnsafe(shown)}'`;
}
