/**
 * Timestamps inside a sliding window of `windowMs`, counted over (now - windowMs, now].
 * A plain array with a moving head keeps pushes and evictions O(1) amortised, which matters
 * because every simulated request touches two of these.
 */
export class RollingWindow {
  private stamps: number[] = [];
  private head = 0;

  constructor(readonly windowMs: number) {}

  count(now: number): number {
    this.evict(now);
    return this.stamps.length - this.head;
  }

  /** Records one event and returns the count including it. */
  add(now: number): number {
    this.evict(now);
    this.stamps.push(now);
    return this.stamps.length - this.head;
  }

  /** Milliseconds until the oldest event leaves the window, or 0 when it is empty. */
  msUntilSlotFrees(now: number): number {
    this.evict(now);
    if (this.head >= this.stamps.length) return 0;
    return Math.max(0, this.stamps[this.head] + this.windowMs - now);
  }

  clear(): void {
    this.stamps = [];
    this.head = 0;
  }

  private evict(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.stamps.length && this.stamps[this.head] <= cutoff) this.head += 1;
    if (this.head > 4096 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
  }
}
