import { Injectable } from '@nestjs/common';
import type { ConnectionWithSecrets } from '@ml/connections';
import {
  HubSpotError,
  fullJitterBackoff,
  type ApiResult,
  type CrmObject,
  type CrmObjectType,
  type ObjectPage,
} from '@ml/hubspot';
import { budgetedClient, HubSpotRateLimiter } from '@ml/hubspot-budget';
import type { LiveObject } from './classify-drift';

const MAX_ATTEMPTS = 6;

/** Handles one page of the listing (at most 100 objects) before the reader lets it go. */
export type PageHandler = (objects: LiveObject[]) => Promise<void>;

/**
 * Reads HubSpot back for a reconcile: the list endpoint with cursor paging, 100 per page, never
 * the Search API (10,000-result cap, lag). Every request takes a grant of the portal's budget
 * shared with the writers, and a 429 pauses every process using that portal.
 */
@Injectable()
export class HubSpotReader {
  constructor(private readonly limiter: HubSpotRateLimiter) {}

  /**
   * Lists every live object of a type page by page and hands each page to `onPage`; returns the
   * calls spent. Only one page is held at a time, plus the next one being fetched while
   * `onPage` runs (the wait for a rate grant overlaps the caller's work).
   */
  async eachPage(
    connection: ConnectionWithSecrets,
    objectType: CrmObjectType,
    properties: readonly string[],
    timeoutMs: number,
    onPage: PageHandler,
  ): Promise<number> {
    const token = connection.hubspotToken;
    const client = budgetedClient(this.limiter, connection, timeoutMs);
    const wanted = new Set(properties);
    let calls = 0;
    const fetchPage = (after: string | undefined): Promise<ApiResult<ObjectPage>> =>
      this.withRetries(token, () => {
        calls += 1;
        return client.listObjects(objectType, { limit: 100, after, properties });
      });
    let next: Promise<ApiResult<ObjectPage>> | undefined = fetchPage(undefined);
    try {
      while (next) {
        const page: ApiResult<ObjectPage> = await next;
        const after = page.data.nextAfter;
        next = after === undefined ? undefined : fetchPage(after);
        // Settled later or abandoned with the listing: never an unhandled rejection.
        next?.catch(() => undefined);
        await onPage(page.data.results.map((object) => compact(object, wanted)));
      }
    } finally {
      // A page still being fetched when onPage failed is let finish before the client closes.
      await next?.catch(() => undefined);
      await client.close();
    }
    return calls;
  }

  private async withRetries<T>(token: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.limiter.waitWhilePaused(token);
        return await call();
      } catch (error) {
        const transient =
          error instanceof HubSpotError &&
          (error.kind === 'retryable' ||
            error.kind === 'timeout' ||
            error.kind === 'rate-limited') &&
          error.policy !== 'DAILY';
        if (!transient || attempt >= MAX_ATTEMPTS) throw error;
        const waitMs = error.retryAfterMs ?? fullJitterBackoff(attempt, 500, 30_000, Math.random);
        if (error.kind === 'rate-limited') {
          // The writers share this portal's budget: all of them pause, not only this reader.
          await this.limiter.pauseAll(token, waitMs, 'reconcile read answered 429');
        } else {
          await new Promise((resolve) => setTimeout(resolve, waitMs));
        }
      }
    }
  }
}

/**
 * Only what classification reads, without the values HubSpot answers null (the dates, flags and
 * properties HubSpot always returns).
 */
function compact(object: CrmObject, wanted: ReadonlySet<string>): LiveObject {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(object.properties)) {
    if (value !== null && wanted.has(name)) properties[name] = value;
  }
  return { id: object.id, properties };
}
