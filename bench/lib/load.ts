import { performance } from 'node:perf_hooks';
import { percentile } from './stats';

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly elapsedMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly perSecond: number;
}

type Call = (i: number) => Promise<void>;

/**
 * Keeps `concurrency` clients busy until `durationMs` has passed or `maxCalls` calls were sent
 * (closed loop: a client sends its next call when the previous one answered), timing each call.
 */
export async function runLoad(
  call: Call,
  concurrency: number,
  limits: { durationMs?: number; maxCalls?: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let sent = 0;
  const started = performance.now();
  const deadline = started + (limits.durationMs ?? Infinity);
  const more = () => performance.now() < deadline && sent < (limits.maxCalls ?? Infinity);
  const client = async () => {
    while (more()) {
      const t0 = performance.now();
      try {
        await call(sent++);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsedMs = performance.now() - started;
  return {
    requests: latencies.length,
    errors,
    firstError,
    elapsedMs,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    perSecond: (latencies.length / elapsedMs) * 1000,
  };
}
