import { HubSpotClient } from '@ml/hubspot';
import type { HubSpotRateLimiter } from './hubspot-rate-limiter';

/** How a connection reaches its portal (a ConnectionWithSecrets is one). */
export interface PortalAccess {
  readonly hubspotToken: string;
  readonly hubspot: {
    readonly baseUrl: string;
    readonly apiVersion: string;
    /** The connection's limit for the portal, per rolling 10 s. */
    readonly requestsPer10Seconds: number;
  };
}

/**
 * A HubSpot client whose every request, whatever it is (property bootstrap, upsert, read-back),
 * first takes a grant of the portal's budget shared by every process, at the moment it is sent.
 */
export function budgetedClient(
  limiter: HubSpotRateLimiter,
  portal: PortalAccess,
  timeoutMs: number,
): HubSpotClient {
  return new HubSpotClient(
    {
      accessToken: portal.hubspotToken,
      baseUrl: portal.hubspot.baseUrl,
      apiVersion: portal.hubspot.apiVersion,
      timeoutMs,
    },
    {
      beforeRequest: () =>
        limiter.acquire(portal.hubspotToken, portal.hubspot.requestsPer10Seconds),
    },
  );
}
