/**
 * PeopleSoft timestamps (`YYYY-MM-DD-HH.MM.SS.ffffff`) and dates (`YYYY-MM-DD`). They are naive
 * readings of the PeopleSoft server's local clock: these helpers never convert them to or from
 * the connector's time zone or clock. Arithmetic runs on UTC calendar maths, which is exact for
 * naive values. An instant is a bigint count of microseconds, because microsecond values for
 * year 9999 exceed Number's exact range.
 */
const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})(?:\.(\d{1,6}))?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const MICROS_PER_MS = 1000n;
const MICROS_PER_SECOND = 1_000_000n;

function two(value: number): string {
  return String(value).padStart(2, '0');
}

function calendarDayMs(year: number, month: number, day: number): number | undefined {
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return undefined;
  }
  return date.getTime();
}

/** Microseconds since 1970-01-01-00.00.00 naive, or undefined when the text is not a timestamp. */
export function tryParsePeopleSoftTimestamp(text: string): bigint | undefined {
  const match = TIMESTAMP_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction] = match;
  const dayMs = calendarDayMs(Number(y), Number(mo), Number(d));
  if (dayMs === undefined || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const seconds = BigInt(dayMs / 1000 + (Number(h) * 60 + Number(mi)) * 60 + Number(s));
  return seconds * MICROS_PER_SECOND + BigInt((fraction ?? '').padEnd(6, '0'));
}

export function parsePeopleSoftTimestamp(text: string): bigint {
  const instant = tryParsePeopleSoftTimestamp(text);
  if (instant === undefined) throw new RangeError(`not a PeopleSoft timestamp: "${text}"`);
  return instant;
}

export function isPeopleSoftTimestamp(text: string): boolean {
  return tryParsePeopleSoftTimestamp(text) !== undefined;
}

export function formatPeopleSoftTimestamp(instant: bigint): string {
  const micros = ((instant % MICROS_PER_SECOND) + MICROS_PER_SECOND) % MICROS_PER_SECOND;
  const wholeSeconds = (instant - micros) / MICROS_PER_SECOND;
  const date = new Date(Number(wholeSeconds * MICROS_PER_MS));
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    throw new RangeError('timestamp out of PeopleSoft range (years 0001-9999)');
  }
  return (
    `${formatPeopleSoftDate(Math.floor(date.getTime() / DAY_MS))}-${two(date.getUTCHours())}.` +
    `${two(date.getUTCMinutes())}.${two(date.getUTCSeconds())}.${String(micros).padStart(6, '0')}`
  );
}

const CANONICAL_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})\.\d{6}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/**
 * Whether the text is a valid timestamp already in the canonical form (what TO_CHAR sends), so
 * normalising it would return it unchanged: the cheap check before the full parse.
 */
export function isCanonicalPeopleSoftTimestamp(text: string): boolean {
  const m = CANONICAL_TIMESTAMP.exec(text);
  return (
    m !== null &&
    isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])) &&
    Number(m[4]) <= 23 &&
    Number(m[5]) <= 59 &&
    Number(m[6]) <= 59
  );
}

/**
 * The canonical 26-character form. Only canonical values compare correctly as strings: PeopleSoft
 * answers may carry padding or fewer fraction digits, so normalise before any string comparison.
 */
export function normalisePeopleSoftTimestamp(text: string): string {
  return formatPeopleSoftTimestamp(parsePeopleSoftTimestamp(text));
}

export function comparePeopleSoftTimestamps(a: string, b: string): number {
  const left = parsePeopleSoftTimestamp(a);
  const right = parsePeopleSoftTimestamp(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function maxPeopleSoftTimestamp(a: string, b: string): string {
  return comparePeopleSoftTimestamps(a, b) >= 0
    ? normalisePeopleSoftTimestamp(a)
    : normalisePeopleSoftTimestamp(b);
}

/** Adds (or with a negative value subtracts) seconds; fractions down to the microsecond. */
export function addSecondsToPeopleSoftTimestamp(text: string, seconds: number): string {
  if (!Number.isFinite(seconds)) throw new RangeError('seconds must be finite');
  const delta = BigInt(Math.round(seconds * 1_000_000));
  return formatPeopleSoftTimestamp(parsePeopleSoftTimestamp(text) + delta);
}

/** Days since 1970-01-01, or undefined. */
export function tryParsePeopleSoftDate(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const ms = calendarDayMs(Number(match[1]), Number(match[2]), Number(match[3]));
  return ms === undefined ? undefined : ms / DAY_MS;
}

export function parsePeopleSoftDate(text: string): number {
  const days = tryParsePeopleSoftDate(text);
  if (days === undefined) throw new RangeError(`not a PeopleSoft date: "${text}"`);
  return days;
}

export function formatPeopleSoftDate(days: number): string {
  const date = new Date(days * DAY_MS);
  const year = date.getUTCFullYear();
  if (!Number.isInteger(days) || year < 1 || year > 9999)
    throw new RangeError('date out of PeopleSoft range');
  return `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
}

export function addDaysToPeopleSoftDate(text: string, days: number): string {
  return formatPeopleSoftDate(parsePeopleSoftDate(text) + days);
}

/** The date part of a timestamp: the PeopleSoft server's local calendar day. */
export function peopleSoftDateOf(timestamp: string): string {
  return normalisePeopleSoftTimestamp(timestamp).slice(0, 10);
}

/** Midnight at the start of a PeopleSoft date, as a timestamp. */
export function startOfPeopleSoftDate(date: string): string {
  return `${formatPeopleSoftDate(parsePeopleSoftDate(date))}-00.00.00.000000`;
}
