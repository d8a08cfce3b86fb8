import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { RateLimitInfo } from '@ml/hubspot';
import { describeLocalTime, nextMidnightIn } from './daily-reset';
import { RateLimitRepository, type RateWindow } from './rate-limit.repository';

/** A pause longer than this is not waited out inside a request: see BudgetPausedError. */
export const LONG_PAUSE_MS = 30_000;

/**
 * The portal is paused for longer than a request should wait (the daily limit): the caller
 * gives its work back (requeues) and waits outside any transaction or lock.
 */
export class BudgetPausedError extends Error {
  override name = 'BudgetPausedError';
  constructor(
    readonly reason: string | null,
    readonly waitMs: number,
  ) {
    super(
      `HubSpot writing is paused for ${Math.round(waitMs / 1000)} s: ${reason ?? 'no reason given'}`,
    );
  }
}

/** The process is stopping: a wait for budget gave up, and its work goes back to the queue. */
export class BudgetWaitAbortedError extends Error {
  override name = 'BudgetWaitAbortedError';
  constructor() {
    super('wait for the HubSpot budget aborted: the process is stopping');
  }
}

/** Requests kept back from the daily cap: enough for the batches in flight on every replica. */
export const DAILY_RESERVE = 20;
const MAX_SLEEP_MS = 5_000;

/**
 * How much later one request may reach HubSpot than another granted at the same instant
 * (event-loop lag, connection pools): HubSpot counts arrivals, the window counts grants.
 */
export const TRANSIT_SLACK_SECONDS = 0.25;

/**
 * Shapes a portal's limit (requests per rolling 10 s) into the shared sliding window: the
 * limit, over 10 s plus the transit slack. Any 10 s of arrivals at HubSpot come from grants
 * made within 10 s plus the slack, so no 10-second window can hold more than the limit,
 * however the grants are spread; and a backlog may use the whole limit, not a bucket's refill.
 */
export function rateWindowFor(requestsPer10Seconds: number): RateWindow {
  return {
    limit: Math.max(1, Math.floor(requestsPer10Seconds)),
    windowMs: (10 + TRANSIT_SLACK_SECONDS) * 1000,
  };
}

/** Portal budgets are per app token: the key is a hash, never the token itself. */
export function bucketKeyFor(accessToken: string): string {
  return 'hs:' + createHash('sha256').update(accessToken).digest('hex').slice(0, 24);
}

/** HubSpot's own per-10-second limit from its headers, when they say. */
export function headerLimitPer10Seconds(info: RateLimitInfo): number | undefined {
  if (!info.max || !info.intervalMs) return undefined;
  return Math.max(1, Math.floor((info.max * 10_000) / info.intervalMs));
}

@Injectable()
export class HubSpotRateLimiter {
  private readonly logger = new Logger(HubSpotRateLimiter.name);
  /** The limit each bucket is shaped for now, per bucket key. */
  private readonly shapedFor = new Map<string, number>();
  /** Lower limits HubSpot announced in its headers, per bucket key. */
  private readonly announced = new Map<string, number>();

  private readonly stopping = new AbortController();
  /**
   * Requests that had to wait for a portal line up here, one asking at a time, in order: when a
   * slot frees, one statement per replica races for it instead of one per waiting batch.
   */
  private readonly takeQueues = new Map<string, Promise<void>>();

  constructor(private readonly buckets: RateLimitRepository) {}

  /** Makes every wait in this process give up at once (shutdown). */
  stopWaiting(): void {
    this.stopping.abort();
  }

  /** Waits until the shared bucket grants one request for this portal. */
  async acquire(
    accessToken: string,
    requestsPer10Seconds: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const key = bucketKeyFor(accessToken);
    await this.shape(key, requestsPer10Seconds);
    const waiting = this.takeQueues.get(key);
    // Nobody in this process waits for this portal: ask at once, the common case.
    const firstWaitMs = waiting ? 0 : await this.takeOnce(key);
    if (!waiting && firstWaitMs === 0) return;
    // When the slot we were told of frees. By the time the requests queued ahead of this one are
    // granted, it may have come and gone: waiting the whole first answer again then left the
    // portal idle for seconds while its window had room (4 writers: gaps of 4-5 s).
    const slotFreesAt = Date.now() + firstWaitMs;
    const before = this.takeQueues.get(key) ?? Promise.resolve();
    const mine = before.then(() => this.waitForGrant(key, slotFreesAt, signal));
    const settled = mine.catch(() => undefined);
    this.takeQueues.set(key, settled);
    void settled.then(() => {
      if (this.takeQueues.get(key) === settled) this.takeQueues.delete(key);
    });
    return mine;
  }

  /** 0 when granted, else how long to wait; throws for a pause too long to wait out here. */
  private async takeOnce(key: string): Promise<number> {
    const { waitMs, pauseReason } = await this.buckets.take(key);
    if (pauseReason !== null && waitMs > LONG_PAUSE_MS)
      throw new BudgetPausedError(pauseReason, waitMs);
    return waitMs;
  }

  private async waitForGrant(
    key: string,
    slotFreesAt: number,
    signal?: AbortSignal,
  ): Promise<void> {
    let waitMs = Math.max(0, slotFreesAt - Date.now());
    for (;;) {
      if (waitMs > 0) await this.sleep(Math.min(waitMs, MAX_SLEEP_MS), signal);
      waitMs = await this.takeOnce(key);
      if (waitMs === 0) return;
    }
  }

  /**
   * Waits out a pause (a 429, the daily limit) before a batch takes its record locks, so a
   * writer waiting for midnight holds nothing another replica needs.
   */
  async waitWhilePaused(accessToken: string, signal?: AbortSignal): Promise<void> {
    const key = bucketKeyFor(accessToken);
    for (;;) {
      const pausedMs = await this.buckets.pausedFor(key);
      if (pausedMs === 0) return;
      await this.sleep(Math.min(pausedMs, MAX_SLEEP_MS), signal);
    }
  }

  /**
   * Reads HubSpot's rate-limit headers: a lower per-10-second limit than configured tightens
   * the shared bucket; a daily allowance down to the reserve pauses every replica until the
   * portal's midnight, before HubSpot starts refusing.
   */
  async observe(
    accessToken: string,
    requestsPer10Seconds: number,
    info: RateLimitInfo,
    timeZone: string,
  ): Promise<void> {
    const key = bucketKeyFor(accessToken);
    const headerLimit = headerLimitPer10Seconds(info);
    if (
      headerLimit !== undefined &&
      headerLimit < requestsPer10Seconds &&
      this.announced.get(key) !== headerLimit
    ) {
      this.announced.set(key, headerLimit);
      this.logger.warn(
        `HubSpot allows ${headerLimit} requests per 10 s, fewer than configured; using that`,
      );
      await this.shape(key, requestsPer10Seconds);
    }
    if (info.dailyRemaining !== undefined && info.dailyRemaining <= DAILY_RESERVE) {
      await this.pauseUntilDailyReset(
        accessToken,
        timeZone,
        `${info.dailyRemaining} requests left today`,
      );
    }
  }

  /** Whether writers to this portal are paused now, until when and why: for operators. */
  currentPause(accessToken: string): Promise<{ until: Date; reason: string | null } | null> {
    return this.buckets.currentPause(bucketKeyFor(accessToken));
  }

  /** Makes every replica wait: HubSpot refused us, so the shared budget was wrong. */
  async pauseAll(accessToken: string, forMs: number, reason: string): Promise<void> {
    await this.buckets.pause(bucketKeyFor(accessToken), forMs, reason);
  }

  /** Pauses every replica until midnight in the portal's time zone; returns what it told them. */
  async pauseUntilDailyReset(
    accessToken: string,
    timeZone: string,
    cause: string,
  ): Promise<string> {
    const now = new Date();
    const resetAt = nextMidnightIn(timeZone, now);
    const reason = `HubSpot daily limit reached (${cause}): paused until ${describeLocalTime(timeZone, resetAt)}`;
    await this.buckets.pause(bucketKeyFor(accessToken), resetAt.getTime() - now.getTime(), reason);
    this.logger.warn(reason);
    return reason;
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleep(
      ms,
      signal ? AbortSignal.any([signal, this.stopping.signal]) : this.stopping.signal,
    );
  }

  private async shape(key: string, configured: number): Promise<void> {
    const limit = Math.min(configured, this.announced.get(key) ?? configured);
    if (this.shapedFor.get(key) === limit) return;
    await this.buckets.configure(key, rateWindowFor(limit));
    this.shapedFor.set(key, limit);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new BudgetWaitAbortedError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new BudgetWaitAbortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
