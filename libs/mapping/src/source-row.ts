/** A PeopleSoft row as the PeopleSoft client hands it over: bare field names, padded CHARs. */
export type SourceValue = string | number | null | undefined;
export type SourceRow = Readonly<Record<string, SourceValue>>;

const NON_ASCII = /[^\u0000-\u007F]/;

/**
 * Trims and composes to NFC so that visually equal names hash equally. Control characters are
 * deliberately kept: the mapper reports them rather than hiding corrupt data.
 */
export function cleanText(value: string): string {
  const trimmed = value.trim();
  return NON_ASCII.test(trimmed) ? trimmed.normalize('NFC') : trimmed;
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
