import type { DataSource } from 'typeorm';
import type { DrainCounts, QueueDrain } from './queue-drain';
import { watchUntilDone } from './stall-watch';

/** One poller run, read to its end and published: every event it emitted confirmed by RabbitMQ. */
export interface PublishedRun {
  readonly runId: string;
  readonly status: string;
  readonly error: string | null;
  readonly fetched: number;
  readonly emitted: number;
  readonly invalid: number;
  /** Windows the run committed (truncated windows it split are not among them). */
  readonly windows: number;
  /** The run's started_at and finished_at (epoch ms, database clock = this machine's clock). */
  readonly startedMs: number;
  readonly finishedMs: number;
  /** First moment (Date.now()) the run was finished and the outbox empty. */
  readonly publishedMs: number;
}

interface RunRow {
  status: string;
  error: string | null;
  fetched: number;
  emitted: number;
  invalid: number;
  windows: number;
  started_ms: number | null;
  finished_ms: number | null;
  outbox_head: string | null;
}

const POLL_MS = 200;

/**
 * Waits until a run has finished and the outbox is empty: the relay deletes an outbox row only
 * once the broker confirmed it, so that is the moment everything the run emitted was published.
 * Fails when nothing moves (the run's counters, the outbox's oldest row) for `stallMs`.
 */
export async function waitRunPublished(
  db: DataSource,
  runId: string,
  stallMs: number,
  describeApps: () => string,
): Promise<PublishedRun> {
  return watchUntilDone<PublishedRun>(
    async () => {
      const rows: RunRow[] = await db.query(
        `SELECT status, error, fetched, emitted, invalid, jsonb_array_length(windows) AS windows,
                (extract(epoch FROM started_at) * 1000)::float8 AS started_ms,
                (extract(epoch FROM finished_at) * 1000)::float8 AS finished_ms,
                (SELECT min(id) FROM outbox)::text AS outbox_head
           FROM sync_runs WHERE id = $1`,
        [runId],
      );
      const run = rows[0];
      if (!run) throw new Error(`run ${runId} does not exist`);
      const finished = run.status === 'succeeded' || run.status === 'failed';
      if (finished && run.outbox_head === null) {
        return {
          done: {
            runId,
            status: run.status,
            error: run.error,
            fetched: Number(run.fetched),
            emitted: Number(run.emitted),
            invalid: Number(run.invalid),
            windows: Number(run.windows),
            startedMs: Number(run.started_ms),
            finishedMs: Number(run.finished_ms),
            publishedMs: Date.now(),
          },
        };
      }
      return {
        state: `${run.status}/${run.fetched}/${run.emitted}/${run.outbox_head}`,
        stalled: () =>
          `run ${runId} stalled (${run.status}, ${run.fetched} rows fetched, ${run.emitted} ` +
          `emitted, oldest outbox row ${run.outbox_head ?? 'none'})\n${describeApps()}`,
      };
    },
    stallMs,
    POLL_MS,
  );
}

/**
 * Waits until the drain holds `expected` distinct messages, or nothing more arrived for
 * `quietMs`; returns what it got either way (a shortfall is reported, not thrown).
 */
export async function waitReceived(
  drain: QueueDrain,
  expected: number,
  quietMs: number,
): Promise<DrainCounts> {
  let last = -1;
  let moved = Date.now();
  for (;;) {
    const counts = drain.counts();
    if (counts.distinctMessages >= expected) return counts;
    if (counts.received !== last) [last, moved] = [counts.received, Date.now()];
    if (Date.now() - moved > quietMs) return counts;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
