import { Injectable } from '@nestjs/common';
import type { ConnectionWithSecrets } from '@ml/connections';
import {
  HubSpotClient,
  HubSpotError,
  fullJitterBackoff,
  type CrmObject,
  type CrmObjectType,
} from '@ml/hubspot';
import { HubSpotRateLimiter } from '@ml/hubspot-budget';
import type { LiveObject } from './classify-drift';

const MAX_ATTEMPTS = 6;

/** Every live object of a type, read with the list endpoint, and how many calls it took. */
export interface ObjectListing {
  readonly objects: LiveObject[];
  readonly calls: number;
}

/**
 * Reads HubSpot back for a reconcile: the list endpoint with cursor paging, 100 per page, never
 * the Search API (10,000-result cap, lag). Every request takes a grant of the portal's budget
 * shared with the writers, and a 429 pauses every process using that portal.
 */
@Injectable()
export class HubSpotReader {
  constructor(private readonly limiter: HubSpotRateLimiter) {}

  async listAll(
    connection: ConnectionWithSecrets,
    objectType: CrmObjectType,
    properties: readonly string[],
    timeoutMs: number,
  ): Promise<ObjectListing> {
    const token = connection.hubspotToken;
    const limit = connection.hubspot.requestsPer10Seconds;
    const client = new HubSpotClient(
      {
        accessToken: token,
        baseUrl: connection.hubspot.baseUrl,
        apiVersion: connection.hubspot.apiVersion,
        timeoutMs,
      },
      { beforeRequest: () => this.limiter.acquire(token, limit) },
    );
    const wanted = new Set(properties);
    const objects: LiveObject[] = [];
    let calls = 0;
    try {
      let after: string | undefined;
      do {
        const page = await this.withRetries(token, () => {
          calls += 1;
          return client.listObjects(objectType, { limit: 100, after, properties });
        });
        for (const object of page.data.results) objects.push(compact(object, wanted));
        after = page.data.nextAfter;
      } while (after !== undefined);
    } finally {
      await client.close();
    }
    return { objects, calls };
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
 * Only what classification reads, without the values HubSpot answers null: a reconcile holds
 * every object of the portal at once (100,000 of them for a large connection), so the dates,
 * flags and properties HubSpot always returns are dropped as each page arrives.
 */
function compact(object: CrmObject, wanted: ReadonlySet<string>): LiveObject {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(object.properties)) {
    if (value !== null && wanted.has(name)) properties[name] = value;
  }
  return { id: object.id, properties };
}
