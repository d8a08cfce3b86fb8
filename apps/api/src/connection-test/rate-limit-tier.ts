import type { RateLimitInfo } from '@ml/hubspot';
import type { CheckResult } from './check-result';

/** HubSpot's published per-app limits (requests per rolling 10 s) and what they mean. */
const TIERS: ReadonlyArray<readonly [number, string]> = [
  [100, 'Free or Starter'],
  [190, 'Professional or Enterprise'],
  [250, 'API limit increase'],
];

export function tierName(perTenSeconds: number): string {
  return TIERS.find(([limit]) => limit === perTenSeconds)?.[1] ?? 'custom';
}

/**
 * Reads the tier from HubSpot's X-HubSpot-RateLimit-* headers and compares it with the
 * connection's configured budget: a budget above the real limit means 429s.
 */
export function rateLimitCheck(
  info: RateLimitInfo | undefined,
  configured: { readonly requestsPer10Seconds: number; readonly dailyLimit: number },
): CheckResult {
  const name = 'hubspot.rateLimit';
  if (!info || info.max === undefined) {
    return {
      name,
      status: 'skipped',
      latencyMs: null,
      detail: 'HubSpot sent no X-HubSpot-RateLimit headers; the configured budget is used as is',
      hint: null,
    };
  }
  const intervalMs = info.intervalMs ?? 10_000;
  const perTenSeconds = Math.floor((info.max * 10_000) / intervalMs);
  const daily = info.daily !== undefined ? `, ${info.daily} per day` : '';
  const detail = `${perTenSeconds} requests per 10 s (${tierName(perTenSeconds)})${daily}`;
  const problems: string[] = [];
  if (configured.requestsPer10Seconds > perTenSeconds) {
    problems.push(`set hubspot.requestsPer10Seconds to ${perTenSeconds} or less`);
  }
  if (info.daily !== undefined && configured.dailyLimit > info.daily) {
    problems.push(`set hubspot.dailyLimit to ${info.daily} or less`);
  }
  return {
    name,
    status: problems.length > 0 ? 'failed' : 'ok',
    latencyMs: null,
    detail:
      problems.length > 0
        ? `${detail}; the connection is configured above it and would be rate-limited`
        : detail,
    hint: problems.length > 0 ? `PATCH the connection: ${problems.join(' and ')}` : null,
  };
}
