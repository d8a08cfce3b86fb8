import { formatPeopleSoftTimestamp, parsePeopleSoftTimestamp } from './peoplesoft-timestamp';

/** A stretch of LASTUPDDTTM, inclusive, in microseconds. */
export interface Stretch {
  readonly from: bigint;
  readonly to: bigint;
  /**
   * True when an answer in LASTUPDDTTM order showed every row of it, fewer than maxrows: it is
   * read as one window. Otherwise it is read in windows sized from the row density.
   */
  readonly counted: boolean;
}

/** What a full answer suggests for the window it came from. */
export interface Replan {
  /** The window again, in time order, in pieces each smaller than it. */
  readonly stretches: readonly Stretch[];
  /** Microseconds per row the answer showed; null when it said nothing about density. */
  readonly microsPerRow: number | null;
}

/** Windows planned past the counted part of an ordered answer, at the density it showed. */
export const PLANNED_AHEAD = 8;

const CANONICAL = /^\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}\.\d{6}$/;

/**
 * How to read a window again that came back with maxrows rows, from the LASTUPDDTTM of the rows
 * it did return (`stamps`, in answer order): never data, only a hint. `target` is the rows a
 * window should hold; `trustOrder` false once an ordered answer proved misleading.
 *
 * An answer in LASTUPDDTTM order (docs/peoplesoft-setup.md asks for it) holds the oldest rows
 * of the window (the newest, descending), so the part short of its last instant is counted, and
 * a few windows next to it are planned at its density. Any other answer cuts the window at the
 * quantiles of its rows and at the middle, so a misleading one still halves the window as a
 * blind split would. Whatever the stamps, the pieces cover the window exactly.
 */
export function replanFullWindow(
  window: Stretch,
  stamps: ReadonlyArray<unknown>,
  target: number,
  trustOrder: boolean,
): Replan {
  if (window.from === window.to) throw new RangeError('a single instant cannot be split');
  const inside = stampsInWindow(window, stamps);
  if (trustOrder && inside.length > 0) {
    if (isOrdered(inside, 1)) return orderedReplan(window, inside, target, 1);
    if (isOrdered(inside, -1)) return orderedReplan(window, inside, target, -1);
  }
  return { stretches: quantileCuts(window, inside, target), microsPerRow: null };
}

function orderedReplan(
  window: Stretch,
  stamps: readonly string[],
  target: number,
  direction: 1 | -1,
): Replan {
  const firstAt = parsePeopleSoftTimestamp(stamps[0] as string);
  const lastAt = parsePeopleSoftTimestamp(stamps[stamps.length - 1] as string);
  const span = direction === 1 ? lastAt - firstAt : firstAt - lastAt;
  const microsPerRow = Number(span + 1n) / stamps.length;
  const step = BigInt(Math.max(1, Math.floor(target * microsPerRow)));
  const stretches =
    direction === 1 ? afterOldest(window, lastAt, step) : beforeNewest(window, lastAt, step);
  return { stretches, microsPerRow };
}

/** Ascending: counted up to the last instant, then planned windows, then the rest. */
function afterOldest(window: Stretch, lastAt: bigint, step: bigint): Stretch[] {
  if (lastAt === window.from) {
    // Nothing before the last instant: that instant alone, then the rest.
    return [
      { from: window.from, to: window.from, counted: false },
      { from: window.from + 1n, to: window.to, counted: false },
    ];
  }
  const stretches: Stretch[] = [{ from: window.from, to: lastAt - 1n, counted: true }];
  let from = lastAt;
  for (let i = 0; i < PLANNED_AHEAD && from + step - 1n < window.to; i++) {
    stretches.push({ from, to: from + step - 1n, counted: false });
    from += step;
  }
  stretches.push({ from, to: window.to, counted: false });
  return stretches;
}

/** Descending: the mirror of afterOldest. */
function beforeNewest(window: Stretch, lastAt: bigint, step: bigint): Stretch[] {
  if (lastAt === window.to) {
    return [
      { from: window.from, to: window.to - 1n, counted: false },
      { from: window.to, to: window.to, counted: false },
    ];
  }
  const stretches: Stretch[] = [{ from: lastAt + 1n, to: window.to, counted: true }];
  let to = lastAt;
  for (let i = 0; i < PLANNED_AHEAD && to - step + 1n > window.from; i++) {
    stretches.unshift({ from: to - step + 1n, to, counted: false });
    to -= step;
  }
  stretches.unshift({ from: window.from, to, counted: false });
  return stretches;
}

/** Pieces holding equal shares of the stamps, cut at the window's middle too. */
function quantileCuts(window: Stretch, stamps: readonly string[], target: number): Stretch[] {
  const starts = new Set<bigint>([window.from + (window.to - window.from) / 2n + 1n]);
  const sorted = [...stamps].sort();
  const pieces = Math.ceil(sorted.length / Math.max(1, target));
  for (let piece = 1; piece < pieces; piece++) {
    const at = parsePeopleSoftTimestamp(
      sorted[Math.floor((piece * sorted.length) / pieces)] as string,
    );
    if (at > window.from) starts.add(at);
  }
  const stretches: Stretch[] = [];
  let from = window.from;
  for (const start of [...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    stretches.push({ from, to: start - 1n, counted: false });
    from = start;
  }
  stretches.push({ from, to: window.to, counted: false });
  return stretches;
}

/**
 * The stamps inside the window, in answer order. Rows outside it (the EFFDT arm of the employee
 * query brings them, whatever the window) say nothing about the window. Canonical timestamps
 * compare as text in time order.
 */
export function stampsInWindow(window: Stretch, stamps: ReadonlyArray<unknown>): string[] {
  const from = formatPeopleSoftTimestamp(window.from);
  const to = formatPeopleSoftTimestamp(window.to);
  return stamps.filter(
    (stamp): stamp is string =>
      typeof stamp === 'string' && stamp >= from && stamp <= to && CANONICAL.test(stamp),
  );
}

/** True when the stamps never go against `direction` (1: ascending, -1: descending). */
function isOrdered(stamps: readonly string[], direction: 1 | -1): boolean {
  for (let i = 1; i < stamps.length; i++) {
    const a = stamps[i - 1] as string;
    const b = stamps[i] as string;
    if (direction === 1 ? b < a : b > a) return false;
  }
  return true;
}
