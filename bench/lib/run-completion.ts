import type { DataSource } from 'typeorm';
import { watchUntilDone } from './stall-watch';

export interface CompletedRun {
  readonly runId: string;
  readonly status: string;
  readonly error: string | null;
  readonly emitted: number;
  readonly invalid: number;
  /** When the run was asked for (its requested_at), on the database clock (epoch ms). */
  readonly requestedMs: number;
  /** The last attempt audited for the run, on the database clock (epoch ms). */
  readonly lastAttemptMs: number;
}

interface RunRow {
  status: string;
  emitted: number;
  invalid: number;
  error: string | null;
  requested_ms: number;
}

/**
 * Waits until a run is finished and every event it emitted (and every row it rejected) has an
 * attempt in sync_attempts: the run's records reached HubSpot or a final state. Fails when
 * nothing moves for `stallMs`.
 */
export async function waitRunComplete(
  db: DataSource,
  runId: string,
  stallMs: number,
  describeApps: () => string,
): Promise<CompletedRun> {
  return watchUntilDone<CompletedRun>(
    async () => {
      const runs: RunRow[] = await db.query(
        `SELECT status, emitted, invalid, error,
                (extract(epoch FROM requested_at) * 1000)::float8 AS requested_ms
           FROM sync_runs WHERE id = $1`,
        [runId],
      );
      const run = runs[0];
      if (!run) throw new Error(`run ${runId} does not exist`);
      const finished = run.status === 'succeeded' || run.status === 'failed';
      // Counted only once the run has finished: the count scans the run's attempts (there is no
      // index on run_id), and polling it all along took CPU from the pipeline being measured.
      const attempts: Array<{ n: string; last_ms: number | null }> = finished
        ? await db.query(
            `SELECT count(*) AS n, (extract(epoch FROM max(attempted_at)) * 1000)::float8 AS last_ms
               FROM sync_attempts WHERE run_id = $1`,
            [runId],
          )
        : [];
      const n = Number(attempts[0]?.n ?? 0);
      const expected = Number(run.emitted) + Number(run.invalid);
      if (finished && n >= expected) {
        return {
          done: {
            runId,
            status: run.status,
            error: run.error,
            emitted: Number(run.emitted),
            invalid: Number(run.invalid),
            requestedMs: Number(run.requested_ms),
            lastAttemptMs: Number(attempts[0]?.last_ms ?? run.requested_ms),
          },
        };
      }
      return {
        state: `${run.status}/${run.emitted}/${n}`,
        stalled: () =>
          `run ${runId} stalled (${run.status}, ${n} of ${expected} attempts so far)\n` +
          describeApps(),
      };
    },
    stallMs,
    500,
  );
}

/** The id of a connection's first run, once the poller has started it. */
export async function firstRunId(
  db: DataSource,
  connectionId: string,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows: Array<{ id: string }> = await db.query(
      `SELECT id FROM sync_runs WHERE connection_id = $1 ORDER BY requested_at LIMIT 1`,
      [connectionId],
    );
    if (rows[0]) return rows[0].id;
    if (Date.now() > deadline) throw new Error(`the poller started no run within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
