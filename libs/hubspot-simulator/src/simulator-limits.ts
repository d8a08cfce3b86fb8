export interface SimLimits {
  /** Per app (token), per rolling ten seconds. */
  requestsPer10s: number;
  /** Per account and day, resetting at midnight in the account's time zone. */
  dailyLimit: number;
  /** Send `Retry-After` on the limiter's own 429s; HubSpot does not promise it. */
  retryAfterOnRateLimit: boolean;
}

/** Merges a partial update from the control API, refusing anything a real portal could not have. */
export function mergeLimits(current: SimLimits, update: unknown): SimLimits {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) {
    throw new RangeError('limits must be a JSON object');
  }
  const next: SimLimits = { ...current };
  for (const [key, value] of Object.entries(update)) {
    switch (key) {
      case 'requestsPer10s':
      case 'dailyLimit':
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
          throw new RangeError(`${key} must be a positive integer`);
        }
        next[key] = value;
        break;
      case 'retryAfterOnRateLimit':
        if (typeof value !== 'boolean') throw new RangeError(`${key} must be true or false`);
        next[key] = value;
        break;
      default:
        throw new RangeError(`unknown limit setting ${key}`);
    }
  }
  return next;
}
