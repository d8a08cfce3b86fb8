import { fullJitterDelay } from '@ml/messaging';
import type { HubSpotObjectType } from '@ml/messaging';
import {
  HubSpotWriteFailure,
  type HubSpotWritePort,
  type InputResult,
  type UpsertInput,
} from './hubspot-write.port';

export interface SendPolicy {
  /** Transient failures (5xx, timeouts, unaccounted inputs) tolerated before giving up. */
  readonly retryBudget: number;
  /** Waits for one request's worth of the shared rate limit. */
  acquire(): Promise<void>;
  /** Pauses every replica sharing the portal's budget. */
  pauseAll(forMs: number, reason: string): Promise<void>;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export type SendResult =
  | { readonly ok: true; readonly hubspotId: string; readonly created: boolean }
  | {
      readonly ok: false;
      readonly category: string;
      readonly message: string;
      readonly correlationId: string | null;
      /** Auth failures stop the connection; everything else is the record's own failure. */
      readonly stopConnection: boolean;
    };

const MAX_RATE_LIMIT_WAITS = 100;

/**
 * Sends inputs to HubSpot until each has a final result: retries transient failures with
 * full-jitter backoff, waits out 429s for every replica, and bisects a whole-batch 400 so the
 * valid records are written and each invalid one fails with HubSpot's own message.
 */
export async function sendWithRetries(
  port: HubSpotWritePort,
  objectType: HubSpotObjectType,
  inputs: readonly UpsertInput[],
  policy: SendPolicy,
): Promise<Map<string, SendResult>> {
  const results = new Map<string, SendResult>();
  const queue: Array<{ inputs: readonly UpsertInput[]; failures: number }> = [
    { inputs, failures: 0 },
  ];
  let rateLimitWaits = 0;

  while (queue.length > 0) {
    const job = queue.shift() as { inputs: readonly UpsertInput[]; failures: number };
    await policy.acquire();
    let answer: ReadonlyMap<string, InputResult>;
    try {
      answer = await port.upsert(objectType, job.inputs);
    } catch (error) {
      const failure =
        error instanceof HubSpotWriteFailure
          ? error
          : new HubSpotWriteFailure(
              'retryable',
              error instanceof Error ? error.message : String(error),
            );
      switch (failure.kind) {
        case 'rate-limited':
        case 'daily-limit': {
          rateLimitWaits += 1;
          const wait =
            failure.retryAfterMs ??
            fullJitterDelay(
              rateLimitWaits,
              { initialDelayMs: 1_000, maxDelayMs: 10_000 },
              policy.random,
            );
          await policy.pauseAll(Math.max(wait, 1_000), failure.message);
          if (rateLimitWaits > MAX_RATE_LIMIT_WAITS && failure.kind === 'rate-limited') {
            failAll(results, job.inputs, failure, false);
          } else {
            queue.unshift(job);
          }
          continue;
        }
        case 'validation':
          if (job.inputs.length === 1) {
            failAll(results, job.inputs, failure, false);
          } else {
            const half = Math.ceil(job.inputs.length / 2);
            queue.unshift(
              { inputs: job.inputs.slice(0, half), failures: job.failures },
              { inputs: job.inputs.slice(half), failures: job.failures },
            );
          }
          continue;
        case 'auth':
          failAll(results, job.inputs, failure, true);
          continue;
        case 'fatal':
          failAll(results, job.inputs, failure, false);
          continue;
        case 'retryable':
          if (job.failures >= policy.retryBudget) {
            failAll(results, job.inputs, failure, false);
          } else {
            await policy.sleep(
              failure.retryAfterMs ??
                fullJitterDelay(
                  job.failures + 1,
                  { initialDelayMs: 500, maxDelayMs: 30_000 },
                  policy.random,
                ),
            );
            queue.unshift({ inputs: job.inputs, failures: job.failures + 1 });
          }
          continue;
      }
    }
    const retry: UpsertInput[] = [];
    for (const input of job.inputs) {
      const r = answer.get(input.objectWriteTraceId);
      if (r?.ok) {
        results.set(input.objectWriteTraceId, r);
      } else if (!r || r.unaccounted) {
        retry.push(input);
      } else {
        results.set(input.objectWriteTraceId, {
          ok: false,
          category: r.category,
          message: r.message,
          correlationId: r.correlationId,
          stopConnection: false,
        });
      }
    }
    if (retry.length > 0) {
      if (job.failures >= policy.retryBudget) {
        const failure = new HubSpotWriteFailure(
          'retryable',
          'HubSpot answered without a result for this record (UNACCOUNTED)',
        );
        failAll(results, retry, failure, false);
      } else {
        queue.push({ inputs: retry, failures: job.failures + 1 });
      }
    }
  }
  return results;
}

function failAll(
  results: Map<string, SendResult>,
  inputs: readonly UpsertInput[],
  failure: HubSpotWriteFailure,
  stopConnection: boolean,
): void {
  for (const input of inputs) {
    results.set(input.objectWriteTraceId, {
      ok: false,
      category: failure.category ?? failure.kind.toUpperCase(),
      message: failure.message,
      correlationId: failure.correlationId,
      stopConnection,
    });
  }
}
