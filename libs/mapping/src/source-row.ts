/** A PeopleSoft row as the PeopleSoft client hands it over: bare field names, padded CHARs. */
export type SourceValue = string | number | null | undefined;
export type SourceRow = Readonly<Record<string, SourceValue>>;

/**
 * Trims and composes to NFC so that visually equal names hash equally. Control characters are
 * deliberately kept: the mapper reports them rather than hiding corrupt data.
 */
export function cleanText(value: string): string {
  const trimmed = value.trim();
  return isAscii(trimmed) ? trimmed : trimmed.normalize('NFC');
}

// A loop rather than a regex: every field of every row comes through here.
function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Reads a field as clean text; absent, null and non-finite values all read as ''. Only own
 * properties count, so a field named like an Object.prototype member reads as absent.
 */
export function readField(row: SourceRow, field: string): string {
  if (!Object.hasOwn(row, field)) return '';
  const value = row[field];
  if (typeof value === 'string') return value.length === 0 ? '' : cleanText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return '';
}
