import { firstRunId, waitRunComplete } from './run-completion';
import type { SyncStack } from './sync-stack';

/** The writers alone: a queue the poller filled beforehand, drained to acked and audited. */
export interface WriterDrain {
  /** Change events waiting in the queue when the writers started. */
  readonly queued: number;
  /** Writers ready (health) to the last event audited, on the machine's clock. */
  readonly drainMs: number;
  /** What the poller alone took to read and publish everything, for comparison. */
  readonly fillMs: number;
  /** Batch upserts the writers logged, and their mean size. */
  readonly upserts: { readonly count: number; readonly meanBatch: number | null };
}

const POLL_MS = 200;

/**
 * On a stack started with `writers: 0`: creates the connection, waits until the poller's first
 * run is finished and its outbox empty (every event is in the queue), then starts `writers`
 * and times them until every event of the run has its attempt in the audit trail. Tells
 * whether the writer or the poller caps the pipeline.
 */
export async function measureWriterDrain(
  stack: SyncStack,
  writers: number,
  stallMs = 60_000,
): Promise<WriterDrain> {
  const describe = () => stack.describeApps();
  const { id, createdAtMs } = await stack.createConnection();
  const runId = await firstRunId(stack.db, id, 30_000);
  let moved = Date.now();
  let seen = '';
  for (;;) {
    const rows: Array<{ status: string; emitted: number; outbox: string }> = await stack.db.query(
      `SELECT status, emitted, (SELECT count(*) FROM outbox) AS outbox FROM sync_runs WHERE id = $1`,
      [runId],
    );
    const run = rows[0];
    if (run && (run.status === 'succeeded' || run.status === 'failed') && run.outbox === '0') break;
    const state = JSON.stringify(run);
    if (state !== seen) [seen, moved] = [state, Date.now()];
    if (Date.now() - moved > stallMs)
      throw new Error(`the poller stalled: ${state}\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const fillMs = Date.now() - createdAtMs;
  await stack.startWriters(writers);
  const readyMs = Date.now();
  const run = await waitRunComplete(stack.db, runId, stallMs, describe);
  const upserts: Array<{ n: string; mean: number | null }> = await stack.db.query(
    `SELECT count(*) AS n, avg(batch_size)::float8 AS mean FROM hubspot_requests
      WHERE connection_id = $1 AND path LIKE '%/batch/upsert'`,
    [id],
  );
  return {
    queued: run.emitted,
    // The database and this process share the machine's clock.
    drainMs: Math.max(1, run.lastAttemptMs - readyMs),
    fillMs,
    upserts: { count: Number(upserts[0]?.n ?? 0), meanBatch: upserts[0]?.mean ?? null },
  };
}
