import { BudgetPausedError, BudgetWaitAbortedError } from '@ml/hubspot-budget';
import { fullJitterDelay, type HubSpotObjectType } from '@ml/messaging';
import {
  HubSpotWriteFailure,
  type HubSpotRequestRecord,
  type HubSpotWritePort,
  type UpsertAnswer,
  type UpsertInput,
} from './hubspot-write.port';

export interface SendPolicy {
  /** Transient failures (5xx, timeouts, unaccounted inputs) tolerated before giving up. */
  readonly retryBudget: number;
  /** Pauses every replica sharing the portal's budget. */
  pauseAll(forMs: number, reason: string): Promise<void>;
  /** Pauses every replica until the portal's daily limit resets. */
  pauseForDailyLimit(reason: string): Promise<void>;
  /**
   * The inputs a whole-batch refusal was about, when its answer names them (a 409 naming the
   * contact that already holds an email): they fail at once instead of costing a bisection.
   */
  findRefused(failure: HubSpotWriteFailure, inputs: readonly UpsertInput[]): Promise<UpsertInput[]>;
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
      /** Not attempted to the end (daily limit reached): the message goes back to the queue. */
      readonly deferred: boolean;
    };

export interface AttemptedRequest extends HubSpotRequestRecord {
  /** 1 for the first send of these inputs, 2 for the first retry, and so on. */
  readonly attempt: number;
}

export interface SendOutcome {
  /** Keyed by objectWriteTraceId; every input has one. */
  readonly results: Map<string, SendResult>;
  readonly requests: AttemptedRequest[];
}

interface Job {
  readonly inputs: readonly UpsertInput[];
  readonly failures: number;
}

const MAX_RATE_LIMIT_WAITS = 100;

/**
 * Sends inputs to HubSpot until each has a final result (the port spends a grant of the shared
 * rate limit on every request it sends): retries transient failures with
 * full-jitter backoff, waits out 429s for every replica, and bisects a whole-batch 400 so the
 * valid records are written and each invalid one fails with HubSpot's own message. At the
 * daily limit it stops and defers what is left: nothing is failed for a limit that resets.
 */
export async function sendWithRetries(
  port: HubSpotWritePort,
  objectType: HubSpotObjectType,
  inputs: readonly UpsertInput[],
  policy: SendPolicy,
): Promise<SendOutcome> {
  const results = new Map<string, SendResult>();
  const requests: AttemptedRequest[] = [];
  const queue: Job[] = [{ inputs, failures: 0 }];
  let rateLimitWaits = 0;

  while (queue.length > 0) {
    const job = queue.shift() as Job;
    let answer: UpsertAnswer;
    try {
      answer = await port.upsert(objectType, job.inputs);
      requests.push({ ...answer.request, attempt: job.failures + 1 });
    } catch (error) {
      if (error instanceof BudgetWaitAbortedError) throw error;
      if (error instanceof BudgetPausedError) {
        // Paused for longer than a request waits (the daily limit): give back what is left.
        const paused = new HubSpotWriteFailure('daily-limit', error.message);
        for (const held of [job, ...queue.splice(0)])
          settleAll(results, held.inputs, paused, 'deferred');
        continue;
      }
      const failure =
        error instanceof HubSpotWriteFailure
          ? error
          : new HubSpotWriteFailure(
              'retryable',
              error instanceof Error ? error.message : String(error),
            );
      if (failure.request) requests.push({ ...failure.request, attempt: job.failures + 1 });
      switch (failure.kind) {
        case 'daily-limit':
          await policy.pauseForDailyLimit(failure.message);
          for (const held of [job, ...queue.splice(0)])
            settleAll(results, held.inputs, failure, 'deferred');
          continue;
        case 'rate-limited': {
          rateLimitWaits += 1;
          const wait =
            failure.retryAfterMs ??
            fullJitterDelay(
              rateLimitWaits,
              { initialDelayMs: 1_000, maxDelayMs: 10_000 },
              policy.random,
            );
          await policy.pauseAll(Math.max(wait, 1_000), failure.message);
          if (rateLimitWaits > MAX_RATE_LIMIT_WAITS)
            settleAll(results, job.inputs, failure, 'failed');
          else queue.unshift(job);
          continue;
        }
        case 'validation': {
          const refused =
            job.inputs.length > 1 ? await policy.findRefused(failure, job.inputs) : [];
          if (refused.length > 0 && refused.length < job.inputs.length) {
            settleAll(results, refused, failure, 'failed');
            queue.unshift({
              inputs: job.inputs.filter((i) => !refused.includes(i)),
              failures: job.failures,
            });
            continue;
          }
          if (job.inputs.length === 1) {
            settleAll(results, job.inputs, failure, 'failed');
          } else {
            const half = Math.ceil(job.inputs.length / 2);
            queue.unshift(
              { inputs: job.inputs.slice(0, half), failures: job.failures },
              { inputs: job.inputs.slice(half), failures: job.failures },
            );
          }
          continue;
        }
        case 'auth':
          settleAll(results, job.inputs, failure, 'stop-connection');
          continue;
        case 'fatal':
          settleAll(results, job.inputs, failure, 'failed');
          continue;
        case 'retryable':
          if (job.failures >= policy.retryBudget) {
            settleAll(results, job.inputs, failure, 'failed');
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
      const r = answer.results.get(input.objectWriteTraceId);
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
          deferred: false,
        });
      }
    }
    if (retry.length === 0) continue;
    if (job.failures >= policy.retryBudget) {
      const failure = new HubSpotWriteFailure(
        'retryable',
        'HubSpot answered without a result for this record (UNACCOUNTED)',
      );
      settleAll(results, retry, failure, 'failed');
    } else {
      queue.push({ inputs: retry, failures: job.failures + 1 });
    }
  }
  return { results, requests };
}

function settleAll(
  results: Map<string, SendResult>,
  inputs: readonly UpsertInput[],
  failure: HubSpotWriteFailure,
  how: 'failed' | 'stop-connection' | 'deferred',
): void {
  for (const input of inputs) {
    results.set(input.objectWriteTraceId, {
      ok: false,
      category: failure.category ?? failure.kind.toUpperCase(),
      message: failure.message,
      correlationId: failure.correlationId,
      stopConnection: how === 'stop-connection',
      deferred: how === 'deferred',
    });
  }
}
