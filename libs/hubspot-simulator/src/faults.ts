import { errorResponse, htmlErrorPage, rateLimited } from './error-bodies';
import type { SimResponse } from './sim-response';

export type PartialFailureMode = '400' | '207';

export interface FaultSettings {
  /** Share of requests answered 429 TEN_SECONDLY_ROLLING although the budget allows them. */
  rateLimitFraction: number;
  /** Seconds sent as `Retry-After` on injected 429s; null sends none (HubSpot's usual). */
  rateLimitRetryAfterSeconds: number | null;
  /** Share answered 500 (JSON), 502 or 503 (HTML page) or 504 (JSON), picked at random. */
  serverErrorFraction: number;
  /** Share answered 423 Locked. */
  lockedFraction: number;
  /** Share held open for `hangMs` before a 504, to exercise client time-outs. */
  hangFraction: number;
  hangMs: number;
  /** Added to every API answer. */
  latencyMs: number;
  /** How a batch with some invalid inputs is answered, when every input has a trace id. */
  partialFailureMode: PartialFailureMode;
}

export const DEFAULT_FAULTS: FaultSettings = {
  rateLimitFraction: 0,
  rateLimitRetryAfterSeconds: null,
  serverErrorFraction: 0,
  lockedFraction: 0,
  hangFraction: 0,
  hangMs: 120_000,
  latencyMs: 0,
  partialFailureMode: '400',
};

const FRACTIONS = [
  'rateLimitFraction',
  'serverErrorFraction',
  'lockedFraction',
  'hangFraction',
] as const;

/** Merges a partial update into `current`, refusing anything out of range. */
export function mergeFaults(current: FaultSettings, update: unknown): FaultSettings {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) {
    throw new RangeError('fault settings must be a JSON object');
  }
  const next: FaultSettings = { ...current };
  const source = update as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    switch (key) {
      case 'rateLimitFraction':
      case 'serverErrorFraction':
      case 'lockedFraction':
      case 'hangFraction':
        next[key] = requireNumber(key, value, 0, 1);
        break;
      case 'hangMs':
      case 'latencyMs':
        next[key] = requireNumber(key, value, 0, 3_600_000);
        break;
      case 'rateLimitRetryAfterSeconds':
        next[key] = value === null ? null : requireNumber(key, value, 0, 86_400);
        break;
      case 'partialFailureMode':
        if (value !== '400' && value !== '207') {
          throw new RangeError("partialFailureMode must be '400' or '207'");
        }
        next[key] = value;
        break;
      default:
        throw new RangeError(`unknown fault setting ${key}`);
    }
  }
  const total = FRACTIONS.reduce((sum, key) => sum + next[key], 0);
  if (total > 1) throw new RangeError('fault fractions add up to more than 1');
  return next;
}

function requireNumber(key: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${key} must be a number from ${min} to ${max}`);
  }
  return value;
}

export type FaultDecision =
  { kind: 'none' } | { kind: 'hang' } | { kind: 'answer'; response: SimResponse };

/** One draw decides whether this request is faulted, so the fractions are exclusive. */
export function drawFault(
  faults: FaultSettings,
  random: () => number,
  correlationId: string,
): FaultDecision {
  let roll = random();
  if ((roll -= faults.hangFraction) < 0) return { kind: 'hang' };
  if ((roll -= faults.rateLimitFraction) < 0) {
    const retryAfter = faults.rateLimitRetryAfterSeconds ?? undefined;
    return {
      kind: 'answer',
      response: rateLimited('TEN_SECONDLY_ROLLING', correlationId, retryAfter),
    };
  }
  if ((roll -= faults.serverErrorFraction) < 0) {
    return { kind: 'answer', response: serverError(random, correlationId) };
  }
  if ((roll -= faults.lockedFraction) < 0) {
    return {
      kind: 'answer',
      response: errorResponse(
        423,
        'LOCKED',
        'The resource is locked by another request. Try again later.',
        correlationId,
      ),
    };
  }
  return { kind: 'none' };
}

function serverError(random: () => number, correlationId: string): SimResponse {
  const pick = Math.floor(random() * 4);
  if (pick === 1) return htmlErrorPage(502);
  if (pick === 2) return htmlErrorPage(503);
  if (pick === 3) {
    return errorResponse(504, 'GATEWAY_TIMEOUT', 'The upstream service timed out.', correlationId);
  }
  return errorResponse(500, 'INTERNAL_ERROR', 'internal error', correlationId);
}
