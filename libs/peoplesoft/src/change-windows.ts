import { formatPeopleSoftTimestamp, parsePeopleSoftTimestamp } from './peoplesoft-timestamp';

/**
 * Windows of LASTUPDDTTM, inclusive, in PeopleSoft's own (naive) time: how the poller, the
 * preview and the benchmarks read changes. One set of rules, so a preview reads what a poll
 * would.
 */
export interface ChangeWindow {
  readonly from: string;
  readonly to: string;
}

export const BEGINNING_OF_TIME = '1900-01-01-00.00.00.000000';

const DAY_MICROS = 86_400_000_000n;
const CANONICAL = /^\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}\.\d{6}$/;

/**
 * The first window of a read: back from the watermark by the overlap (from the beginning of
 * time without one), up to a day past now. PeopleSoft's clock may run in another zone: the day
 * of slack keeps every row in reach, and the watermark only ever comes from the rows themselves.
 */
export function firstWindow(
  watermark: string | null,
  overlapSeconds: number,
  now: Date,
): ChangeWindow {
  const start = parsePeopleSoftTimestamp(BEGINNING_OF_TIME);
  const from = watermark
    ? parsePeopleSoftTimestamp(watermark) - BigInt(Math.round(overlapSeconds * 1e6))
    : start;
  return {
    from: formatPeopleSoftTimestamp(from > start ? from : start),
    to: formatPeopleSoftTimestamp(BigInt(now.getTime()) * 1000n + DAY_MICROS),
  };
}

/**
 * Halves a window that came back full; null when it is a single instant. Both halves include
 * the midpoint's side (PS Query prompts are inclusive); repeats drop by content hash.
 */
export function splitWindow(window: ChangeWindow): [ChangeWindow, ChangeWindow] | null {
  const from = parsePeopleSoftTimestamp(window.from);
  const to = parsePeopleSoftTimestamp(window.to);
  if (to - from < 1n) return null;
  const mid = from + (to - from) / 2n;
  return [
    { from: window.from, to: formatPeopleSoftTimestamp(mid) },
    { from: formatPeopleSoftTimestamp(mid + 1n), to: window.to },
  ];
}

/** The greatest LASTUPDDTTM among values (text order is time order), skipping non-timestamps. */
export function greatestTimestamp(values: ReadonlyArray<unknown>): string | null {
  let best: string | null = null;
  for (const v of values) {
    if (typeof v === 'string' && CANONICAL.test(v) && (best === null || v > best)) best = v;
  }
  return best;
}
