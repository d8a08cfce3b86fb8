/**
 * "Full jitter" backoff: a uniform delay in [0, min(cap, base * 2^attempt)). Spreading retries
 * over the whole range keeps several writer replicas from retrying in lock step.
 *
 * @param attempt 0 for the first retry.
 * @param random a source in [0, 1), injectable for tests.
 */
export function fullJitterBackoff(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 0)
    throw new RangeError('attempt must be an integer >= 0');
  if (!(baseMs >= 0) || !(capMs >= 0)) throw new RangeError('baseMs and capMs must be >= 0');
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 1023));
  const draw = random();
  if (!(draw >= 0 && draw < 1)) throw new RangeError('random() must return a number in [0, 1)');
  return Math.floor(draw * ceiling);
}
