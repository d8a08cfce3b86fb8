import type { RateLimitInfo } from './rate-limit-headers';

/** What a caller needs to audit one HTTP exchange with HubSpot. */
export interface RequestAudit {
  method: string;
  /** Path only: never the query string or any credential. */
  path: string;
  /** Undefined when no response arrived (time-out, connection failure). */
  status: number | undefined;
  durationMs: number;
  correlationId: string | undefined;
  rateLimit: RateLimitInfo | undefined;
  startedAt: string;
}
