/**
 * Window arithmetic on PeopleSoft timestamps (`2026-11-27-14.03.11.000000`). They carry no time
 * zone, so they are handled as naive values in microseconds and never mixed with our clock,
 * except for the open upper bound of a poll.
 */
const PS_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})\.(\d{6})$/;

export const BEGINNING_OF_TIME = '1900-01-01-00.00.00.000000';

export interface Window {
  readonly from: string;
  readonly to: string;
}

export function toMicros(timestamp: string): number {
  const m = PS_TIMESTAMP.exec(timestamp);
  if (!m) throw new RangeError(`'${timestamp}' is not a PeopleSoft timestamp`);
  const [, y, mo, d, h, mi, s, us] = m;
  return (
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) * 1000 +
    Number(us)
  );
}

export function fromMicros(micros: number): string {
  const date = new Date(Math.floor(micros / 1000));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}-` +
    `${pad(date.getUTCHours())}.${pad(date.getUTCMinutes())}.${pad(date.getUTCSeconds())}.` +
    pad(((micros % 1_000_000) + 1_000_000) % 1_000_000, 6)
  );
}

/** The first window of a poll: back from the watermark by the overlap, up to a day past now. */
export function firstWindow(watermark: string | null, overlapSeconds: number, now: Date): Window {
  const from = watermark
    ? fromMicros(Math.max(toMicros(BEGINNING_OF_TIME), toMicros(watermark) - overlapSeconds * 1e6))
    : BEGINNING_OF_TIME;
  // PeopleSoft's clock may run in another zone: a day of slack keeps every row in reach, and the
  // watermark only ever comes from the rows themselves.
  return { from, to: fromMicros((now.getTime() + 86_400_000) * 1000) };
}

/** Halves a window that came back full; null when it is a single instant and cannot be split. */
export function splitWindow(window: Window): [Window, Window] | null {
  const from = toMicros(window.from);
  const to = toMicros(window.to);
  if (to - from < 1) return null;
  const mid = from + Math.floor((to - from) / 2);
  // Both halves include the midpoint (PS Query prompts are inclusive); repeats drop by hash.
  return [
    { from: window.from, to: fromMicros(mid) },
    { from: fromMicros(mid + 1), to: window.to },
  ];
}

/** The greatest LASTUPDDTTM among rows, skipping values that are not timestamps. */
export function greatestTimestamp(values: ReadonlyArray<unknown>): string | null {
  let best: string | null = null;
  for (const v of values) {
    if (typeof v === 'string' && PS_TIMESTAMP.test(v) && (best === null || v > best)) best = v;
  }
  return best;
}
