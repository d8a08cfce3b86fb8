import type { RateLimitPolicy } from './error-bodies';
import { RollingWindow } from './rolling-window';

export const RATE_LIMIT_INTERVAL_MS = 10_000;

export interface RateLimitHeaders {
  'X-HubSpot-RateLimit-Max': string;
  'X-HubSpot-RateLimit-Remaining': string;
  'X-HubSpot-RateLimit-Interval-Milliseconds': string;
  'X-HubSpot-RateLimit-Daily': string;
  'X-HubSpot-RateLimit-Daily-Remaining': string;
}

export type RateDecision =
  | { admitted: true; headers: RateLimitHeaders }
  | {
      admitted: false;
      policy: RateLimitPolicy;
      /** When the request could first succeed; for DAILY, the next local midnight. */
      retryAfterMs: number;
      headers: RateLimitHeaders;
    };

export interface RateLimiterOptions {
  requestsPer10s: number;
  dailyLimit: number;
  /** The account's time zone: the daily limit resets at its midnight. */
  timeZone: string;
  now: () => number;
}

/**
 * HubSpot's two limits: a rolling ten-second window per app (one token = one app) and a daily
 * budget per account. Only admitted requests use up budget; refused ones are counted elsewhere.
 */
export class RateLimiter {
  private readonly windows = new Map<string, RollingWindow>();
  private readonly dayFormatter: Intl.DateTimeFormat;
  private dayKey = '';
  private usedToday = 0;

  constructor(private options: RateLimiterOptions) {
    this.dayFormatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: options.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  admit(app: string): RateDecision {
    const now = this.options.now();
    this.rollDay(now);
    const window = this.windowFor(app);
    const { requestsPer10s, dailyLimit } = this.options;
    if (this.usedToday >= dailyLimit) {
      return {
        admitted: false,
        policy: 'DAILY',
        retryAfterMs: this.msUntilMidnight(now),
        headers: this.headers(window.count(now)),
      };
    }
    if (window.count(now) >= requestsPer10s) {
      return {
        admitted: false,
        policy: 'TEN_SECONDLY_ROLLING',
        retryAfterMs: window.msUntilSlotFrees(now),
        headers: this.headers(window.count(now)),
      };
    }
    const used = window.add(now);
    this.usedToday += 1;
    return { admitted: true, headers: this.headers(used) };
  }

  get limits(): { requestsPer10s: number; dailyLimit: number } {
    return { requestsPer10s: this.options.requestsPer10s, dailyLimit: this.options.dailyLimit };
  }

  /** Changes the budgets without forgetting what was already used against them. */
  setLimits(limits: { requestsPer10s?: number; dailyLimit?: number }): void {
    this.options = {
      ...this.options,
      requestsPer10s: limits.requestsPer10s ?? this.options.requestsPer10s,
      dailyLimit: limits.dailyLimit ?? this.options.dailyLimit,
    };
  }

  dailyUsed(): number {
    this.rollDay(this.options.now());
    return this.usedToday;
  }

  reset(): void {
    this.windows.clear();
    this.usedToday = 0;
  }

  private headers(usedInWindow: number): RateLimitHeaders {
    const { requestsPer10s, dailyLimit } = this.options;
    return {
      'X-HubSpot-RateLimit-Max': String(requestsPer10s),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, requestsPer10s - usedInWindow)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(RATE_LIMIT_INTERVAL_MS),
      'X-HubSpot-RateLimit-Daily': String(dailyLimit),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, dailyLimit - this.usedToday)),
    };
  }

  private windowFor(app: string): RollingWindow {
    let window = this.windows.get(app);
    if (!window) {
      window = new RollingWindow(RATE_LIMIT_INTERVAL_MS);
      this.windows.set(app, window);
    }
    return window;
  }

  private rollDay(now: number): void {
    const key = this.dayFormatter.format(now);
    if (key !== this.dayKey) {
      this.dayKey = key;
      this.usedToday = 0;
    }
  }

  /** Scans forward by minutes: simple, exact enough, and immune to DST edge cases. */
  private msUntilMidnight(now: number): number {
    const today = this.dayFormatter.format(now);
    let probe = now - (now % 60_000) + 60_000;
    while (this.dayFormatter.format(probe) === today) probe += 60_000;
    return probe - now;
  }
}
