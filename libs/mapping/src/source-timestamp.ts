import { parseSourceDate } from './date-format';
import type { DateParts } from './date-format';

const PEOPLESOFT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}(?:\.(\d{1,6}))?$/;

const two = (value: number) => String(value).padStart(2, '0');

/**
 * LASTUPDDTTM in the canonical 26-character PeopleSoft form (YYYY-MM-DD-HH.MM.SS.ffffff).
 * Downstream code orders versions of a record by comparing these strings, which is only right
 * when every value has the same shape; PeopleSoft itself sends fewer fraction digits at times.
 * PeopleSoft's microseconds are kept as written (a Date would round them to milliseconds).
 * Returns undefined for anything that is not a real instant (0000-00-00, 2026-02-30, ...).
 */
export function canonicalSourceTimestamp(raw: string): string | undefined {
  const parts = parseSourceDate(raw);
  if (parts === undefined) return undefined;
  const peoplesoft = PEOPLESOFT_TIMESTAMP.exec(raw.trim());
  const micros =
    peoplesoft !== null
      ? (peoplesoft[1] ?? '').padEnd(6, '0')
      : String(parts.millisecond * 1000).padStart(6, '0');
  return `${datePart(parts)}-${two(parts.hour)}.${two(parts.minute)}.${two(parts.second)}.${micros}`;
}

function datePart(parts: DateParts): string {
  return `${String(parts.year).padStart(4, '0')}-${two(parts.month)}-${two(parts.day)}`;
}
