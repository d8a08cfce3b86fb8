import {
  formatPeopleSoftTimestamp,
  parsePeopleSoftTimestamp,
  type FetchWindow,
} from '@ml/peoplesoft';

export const BEGINNING_OF_TIME = '1900-01-01-00.00.00.000000';

/** The poller's first window of a full read: the beginning of time to a day past now. */
export function fullReadWindow(now = Date.now()): FetchWindow {
  return {
    from: BEGINNING_OF_TIME,
    to: formatPeopleSoftTimestamp(BigInt(now + 86_400_000) * 1000n),
  };
}

/** Halves a window on LASTUPDDTTM, as the poller does with a full one; null for one instant. */
export function halve(window: FetchWindow): [FetchWindow, FetchWindow] | null {
  const from = parsePeopleSoftTimestamp(window.from);
  const to = parsePeopleSoftTimestamp(window.to);
  if (to - from < 1n) return null;
  const mid = from + (to - from) / 2n;
  return [
    { from: window.from, to: formatPeopleSoftTimestamp(mid) },
    { from: formatPeopleSoftTimestamp(mid + 1n), to: window.to },
  ];
}
