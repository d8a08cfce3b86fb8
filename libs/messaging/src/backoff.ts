export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 200, maxDelayMs: 30_000 };

/**
 * Capped exponential backoff with full jitter: a uniform draw in [0, min(cap, base * 2^(n-1))].
 * Full jitter spreads the writer replicas out after a broker restart instead of having them all
 * reconnect (and redeclare topology) in lock-step.
 */
export function fullJitterDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // Bounding the exponent keeps 2^n finite however long the broker stays down.
  const ceiling = Math.min(
    options.maxDelayMs,
    options.initialDelayMs * 2 ** Math.min(exponent, 30),
  );
  return Math.floor(random() * ceiling);
}
