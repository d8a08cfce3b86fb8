export interface RateLimitInfo {
  /** Requests allowed per interval for this app. */
  max?: number;
  remaining?: number;
  intervalMs?: number;
  /** Requests allowed per day for the account. */
  daily?: number;
  dailyRemaining?: number;
}

export type HeaderBag = Record<string, string | string[] | undefined>;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function numberHeader(headers: HeaderBag, name: string): number | undefined {
  const raw = headerValue(headers, name)?.trim();
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/**
 * Reads HubSpot's X-HubSpot-RateLimit-* headers. Undefined when none is present; a malformed
 * value is left out rather than guessed.
 */
export function parseRateLimitHeaders(headers: HeaderBag): RateLimitInfo | undefined {
  const info: RateLimitInfo = {};
  const fields: [keyof RateLimitInfo, string][] = [
    ['max', 'x-hubspot-ratelimit-max'],
    ['remaining', 'x-hubspot-ratelimit-remaining'],
    ['intervalMs', 'x-hubspot-ratelimit-interval-milliseconds'],
    ['daily', 'x-hubspot-ratelimit-daily'],
    ['dailyRemaining', 'x-hubspot-ratelimit-daily-remaining'],
  ];
  for (const [field, name] of fields) {
    const value = numberHeader(headers, name);
    if (value !== undefined) info[field] = value;
  }
  return Object.keys(info).length === 0 ? undefined : info;
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(
  headers: HeaderBag,
  now: number = Date.now(),
): number | undefined {
  const raw = headerValue(headers, 'retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
