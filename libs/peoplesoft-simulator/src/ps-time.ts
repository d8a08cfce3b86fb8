/**
 * PeopleSoft's own notion of time inside the simulator. Values are "naive" milliseconds: the
 * wall-clock reading of the PeopleSoft server encoded as if it were UTC, so formatting never
 * depends on the time zone of the machine running the simulator.
 */
export const DAY_MS = 86_400_000;

const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})(?:\.(\d{1,6}))?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function two(value: number): string {
  return String(value).padStart(2, '0');
}

export function formatPsDate(days: number): string {
  const date = new Date(days * DAY_MS);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
}

/** `2026-11-27-14.03.11.000000`, the shape of a TO_CHAR'd LASTUPDDTTM in query output. */
export function formatPsTimestamp(naiveMs: number): string {
  const whole = Math.floor(naiveMs);
  const date = new Date(whole);
  const micros = String(date.getUTCMilliseconds() * 1000).padStart(6, '0');
  return (
    `${formatPsDate(Math.floor(whole / DAY_MS))}-${two(date.getUTCHours())}.` +
    `${two(date.getUTCMinutes())}.${two(date.getUTCSeconds())}.${micros}`
  );
}

function validCalendarDate(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1) return undefined;
  if (check.getUTCDate() !== day || year < 1) return undefined;
  return ms;
}

/** Fractions below a millisecond survive as a fractional millisecond, keeping BETWEEN exact. */
export function parsePsTimestamp(text: string): number | undefined {
  const match = TIMESTAMP_PATTERN.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction] = match;
  const dayMs = validCalendarDate(Number(y), Number(mo), Number(d));
  if (dayMs === undefined || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const micros = Number((fraction ?? '').padEnd(6, '0'));
  return dayMs + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + micros / 1000;
}

export function parsePsDate(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const ms = validCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
  return ms === undefined ? undefined : ms / DAY_MS;
}
