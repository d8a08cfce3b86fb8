import { parseSourceDate } from './date-format';
import type { DateParts } from './date-format';

const PEOPLESOFT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}(?:\.(\d{1,6}))?$/;
const CANONICAL_LENGTH = 26;
// Where the canonical form has a separator rather than a digit.
const SEPARATORS: Readonly<Record<number, number>> = {
  4: 0x2d,
  7: 0x2d,
  10: 0x2d,
  13: 0x2e,
  16: 0x2e,
  19: 0x2e,
};

const two = (value: number) => String(value).padStart(2, '0');

/**
 * LASTUPDDTTM in the canonical 26-character PeopleSoft form (YYYY-MM-DD-HH.MM.SS.ffffff).
 * Downstream code orders versions of a record by comparing these strings, which is only right
 * when every value has the same shape; PeopleSoft itself sends fewer fraction digits at times.
 * PeopleSoft's microseconds are kept as written (a Date would round them to milliseconds).
 * Returns undefined for anything that is not a real instant (0000-00-00, 2026-02-30, ...).
 */
export function canonicalSourceTimestamp(raw: string): string | undefined {
  const trimmed = raw.trim();
  // What PeopleSoft usually sends: a real instant written this way is its own canonical form.
  if (hasCanonicalShape(trimmed)) return isRealInstant(trimmed) ? trimmed : undefined;
  return canonicalOfParsed(raw);
}

/**
 * The general path, through parseSourceDate; exported so a spec can hold the canonical-form
 * shortcut above to the same answers.
 */
export function canonicalOfParsed(raw: string): string | undefined {
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

function hasCanonicalShape(value: string): boolean {
  if (value.length !== CANONICAL_LENGTH) return false;
  for (let i = 0; i < CANONICAL_LENGTH; i++) {
    const code = value.charCodeAt(i);
    const separator = SEPARATORS[i];
    if (separator === undefined ? code < 0x30 || code > 0x39 : code !== separator) return false;
  }
  return true;
}

/** The same rules as parseSourceDate's, by arithmetic: the mapper reads one of these per row. */
function isRealInstant(value: string): boolean {
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return false;
  }
  return (
    digitsAt(value, 11, 2) <= 23 && digitsAt(value, 14, 2) <= 59 && digitsAt(value, 17, 2) <= 59
  );
}

function digitsAt(value: string, start: number, count: number): number {
  let number = 0;
  for (let i = start; i < start + count; i++) number = number * 10 + value.charCodeAt(i) - 0x30;
  return number;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
