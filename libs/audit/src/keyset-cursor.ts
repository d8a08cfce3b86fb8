/**
 * Opaque cursors for keyset pagination: the sort key of the last row returned, base64url-encoded
 * JSON. Callers treat them as opaque strings; a tampered or foreign one is an InvalidCursorError.
 */
const VERSION = 'c1';

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor() {
    super('cursor is not valid: pass back the nextCursor of a previous page unchanged');
  }
}

export function encodeCursor(kind: string, values: readonly string[]): string {
  return Buffer.from(JSON.stringify([VERSION, kind, ...values])).toString('base64url');
}

/** The values of a cursor made by `encodeCursor(kind, …)` with `count` values. */
export function decodeCursor(cursor: string, kind: string, count: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== count + 2 ||
    parsed[0] !== VERSION ||
    parsed[1] !== kind ||
    !parsed.every((value) => typeof value === 'string' && value.length <= 64)
  ) {
    throw new InvalidCursorError();
  }
  return parsed.slice(2) as string[];
}

/** A timestamp the database printed as `timestamptz` text (microseconds kept), for a cursor. */
export const ISO_MICROS_SQL = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function isIsoMicros(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value);
}

export interface Page<T> {
  readonly items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}
