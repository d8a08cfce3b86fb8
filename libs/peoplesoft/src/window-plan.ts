import type { ChangeWindow } from './change-windows';
import { replanFullWindow, stampsInWindow, type Stretch } from './full-answer-hint';
import { formatPeopleSoftTimestamp, parsePeopleSoftTimestamp } from './peoplesoft-timestamp';

/**
 * Share of maxrows a window sized from the row density should hold: the density changes from
 * one window to the next, and a window that overflows costs a whole answer thrown away.
 */
export const TARGET_SHARE = 0.75;
/** How much wider than the last window the next may be, however few rows the last held. */
export const GROWTH = 8;
/** Complete windows the density is taken over: one burst does not size the next window alone. */
export const DENSITY_WINDOWS = 3;

/**
 * Which windows of LASTUPDDTTM to read, one after the other, so that few answers come back
 * full: PeopleSoft cuts an answer at maxrows without saying so, and a cut answer is thrown
 * away. Windows are sized to hold TARGET_SHARE of maxrows at the density (rows per microsecond)
 * of the last complete windows; a full answer is replanned from the rows it did return (see
 * replanFullWindow); a window that failed as too big or too slow is halved, and no later window
 * is wider than that half.
 *
 * Whatever the answers say, the windows read cover the first window exactly once, without a
 * gap, newest first or oldest first as asked: a misleading answer only costs requests.
 *
 * Use: `next()`, read that window, then report it with exactly one of `complete`, `truncated`
 * or `failed`; again until `next()` returns null.
 */
export class WindowPlan {
  /** What is left to read, the stretch to read next last. */
  private readonly stretches: Stretch[];
  private current: Stretch | null = null;
  /** Width of the next window sized from the density, in microseconds; null: unknown. */
  private width: number | null = null;
  private widthLimit = Number.POSITIVE_INFINITY;
  /** maxrows, as the largest full answer showed it; 0 until one came back. */
  private capacity = 0;
  private readonly recent: Array<{ readonly rows: number; readonly span: number }> = [];
  /** False once a counted window came back full: the answers' order is no guide. */
  private trustOrder = true;

  constructor(
    first: ChangeWindow,
    private readonly newestFirst: boolean,
  ) {
    const from = parsePeopleSoftTimestamp(first.from);
    const to = parsePeopleSoftTimestamp(first.to);
    if (to < from) throw new RangeError(`window ends before it starts: ${first.from}..${first.to}`);
    this.stretches = [{ from, to, counted: false }];
  }

  /** The window to read now, or null when the whole first window was read. */
  next(): ChangeWindow | null {
    if (this.current) throw new Error('report the window read before asking for the next');
    const stretch = this.stretches.pop();
    if (!stretch) return null;
    const width = this.nextWidth();
    let window = stretch;
    if (!stretch.counted && width !== null && width <= stretch.to - stretch.from) {
      window = this.newestFirst
        ? { from: stretch.to - width + 1n, to: stretch.to, counted: false }
        : { from: stretch.from, to: stretch.from + width - 1n, counted: false };
      this.stretches.push(
        this.newestFirst
          ? { from: stretch.from, to: window.from - 1n, counted: false }
          : { from: window.to + 1n, to: stretch.to, counted: false },
      );
    }
    this.current = window;
    return {
      from: formatPeopleSoftTimestamp(window.from),
      to: formatPeopleSoftTimestamp(window.to),
    };
  }

  /**
   * The window was answered in full; `stamps` are the LASTUPDDTTM of its rows. Only those
   * inside the window tell its density: the EFFDT arm brings the same old rows to every window.
   */
  complete(stamps: ReadonlyArray<unknown>): void {
    const window = this.take();
    const span = spanOf(window);
    const rows = stampsInWindow(window, stamps).length;
    this.recent.push({ rows, span });
    if (this.recent.length > DENSITY_WINDOWS) this.recent.shift();
    if (this.capacity === 0) return;
    const recentRows = this.recent.reduce((sum, w) => sum + w.rows, 0);
    const recentSpan = this.recent.reduce((sum, w) => sum + w.span, 0);
    const byDensity =
      recentRows > 0 ? (this.target() * recentSpan) / recentRows : Number.POSITIVE_INFINITY;
    this.width = Math.min(span * GROWTH, byDensity);
  }

  /**
   * The window came back with maxrows rows: `answerRows` in all, `stamps` the LASTUPDDTTM of
   * those that could be read, in answer order. False when it is a single instant, which no
   * smaller window can read.
   */
  truncated(stamps: ReadonlyArray<unknown>, answerRows: number): boolean {
    const window = this.take();
    if (window.from === window.to) return false;
    if (window.counted) this.trustOrder = false;
    this.capacity = Math.max(this.capacity, answerRows);
    // It held at least answerRows rows, so the density is at least that high.
    this.narrow(spanOf(window) / Math.max(1, answerRows));
    const replan = replanFullWindow(window, stamps, this.target(), this.trustOrder);
    if (replan.microsPerRow !== null) this.narrow(replan.microsPerRow);
    this.queue(replan.stretches);
    return true;
  }

  /** The window failed in a way a smaller one may not; false when it is a single instant. */
  failed(): boolean {
    const window = this.take();
    if (window.from === window.to) return false;
    const half = Math.ceil(spanOf(window) / 2);
    this.widthLimit = Math.min(this.widthLimit, half);
    const mid = window.from + BigInt(half) - 1n;
    this.queue([
      { from: window.from, to: mid, counted: false },
      { from: mid + 1n, to: window.to, counted: false },
    ]);
    return true;
  }

  private take(): Stretch {
    const window = this.current;
    if (!window) throw new Error('no window is being read');
    this.current = null;
    return window;
  }

  private target(): number {
    return this.capacity * TARGET_SHARE;
  }

  /** No wider than what holds target() rows at `microsPerRow`. */
  private narrow(microsPerRow: number): void {
    const width = this.target() * microsPerRow;
    this.width = this.width === null ? width : Math.min(this.width, width);
  }

  private nextWidth(): bigint | null {
    const width = Math.min(this.width ?? Number.POSITIVE_INFINITY, this.widthLimit);
    return Number.isFinite(width) ? BigInt(Math.max(1, Math.floor(width))) : null;
  }

  /** Stretches in time order, queued so that the first to read is on top. */
  private queue(inTimeOrder: readonly Stretch[]): void {
    const readOrder = this.newestFirst ? inTimeOrder : [...inTimeOrder].reverse();
    for (const stretch of readOrder) this.stretches.push(stretch);
  }
}

function spanOf(stretch: Stretch): number {
  return Number(stretch.to - stretch.from + 1n);
}
