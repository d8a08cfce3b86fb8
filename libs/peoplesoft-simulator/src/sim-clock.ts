import { DAY_MS } from './ps-time';

/**
 * PeopleSoft's clock: real time shifted by the server's UTC offset and by a test-settable
 * offset. Everything the simulator stamps comes from here, never from the caller's clock.
 */
export class SimClock {
  private offsetMs: number;

  constructor(
    private readonly utcOffsetMinutes = 0,
    offsetSeconds = 0,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = offsetSeconds * 1000;
  }

  nowMs(): number {
    return this.realNow() + this.utcOffsetMinutes * 60_000 + this.offsetMs;
  }

  todayDays(): number {
    return Math.floor(this.nowMs() / DAY_MS);
  }

  offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  setOffsetSeconds(seconds: number): void {
    this.offsetMs = seconds * 1000;
  }

  advanceSeconds(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
