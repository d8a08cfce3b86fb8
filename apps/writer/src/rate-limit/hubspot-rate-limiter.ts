import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RateLimitRepository, type BucketShape } from './rate-limit.repository';

/**
 * Shapes a portal's limit (requests per rolling 10 s) into a bucket whose burst plus 10 s of
 * refill equals the limit, so no 10-second window can ever see more than the limit.
 */
export function bucketShapeFor(requestsPer10Seconds: number): BucketShape {
  const capacity = Math.max(1, Math.floor(requestsPer10Seconds * 0.05));
  return { capacity, refillPerSecond: Math.max(0.1, (requestsPer10Seconds - capacity) / 10) };
}

/** Portal budgets are per app token: the key is a hash, never the token itself. */
export function bucketKeyFor(accessToken: string): string {
  return 'hs:' + createHash('sha256').update(accessToken).digest('hex').slice(0, 24);
}

@Injectable()
export class HubSpotRateLimiter {
  private readonly configured = new Map<string, number>();

  constructor(private readonly buckets: RateLimitRepository) {}

  /** Waits until the shared bucket grants one request for this portal. */
  async acquire(
    accessToken: string,
    requestsPer10Seconds: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const key = bucketKeyFor(accessToken);
    if (this.configured.get(key) !== requestsPer10Seconds) {
      await this.buckets.configure(key, bucketShapeFor(requestsPer10Seconds));
      this.configured.set(key, requestsPer10Seconds);
    }
    for (;;) {
      const { waitMs } = await this.buckets.take(key);
      if (waitMs === 0) return;
      if (signal?.aborted) throw new Error('rate-limit wait aborted');
      await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 5_000)));
    }
  }

  /** Waits for several requests' worth of budget, e.g. before the multi-request property bootstrap. */
  async acquireMany(
    accessToken: string,
    requestsPer10Seconds: number,
    requests: number,
  ): Promise<void> {
    for (let i = 0; i < requests; i += 1) await this.acquire(accessToken, requestsPer10Seconds);
  }

  /** Makes every replica wait: HubSpot refused us, so the shared budget was wrong. */
  async pauseAll(accessToken: string, forMs: number, reason: string): Promise<void> {
    await this.buckets.pause(bucketKeyFor(accessToken), forMs, reason);
  }
}
