import { waitRunComplete } from './run-completion';
import type { SyncStack } from './sync-stack';

export interface ResyncMeasurement {
  readonly runId: string;
  readonly runStatus: string;
  readonly emitted: number;
  readonly hubspotCalls: number;
  readonly outcomes: Readonly<Record<string, number>>;
  /** Run requested to its last attempt audited, on the database clock. */
  readonly elapsedMs: number;
}

/**
 * Asks for a full re-send of a connection whose records are all synced (as POST
 * /connections/:id/sync {full: true, resend: true} does: a queued run, then "run now") and counts
 * the HubSpot requests it spends until every event it emitted has an attempt in the audit trail.
 * (A plain {full: true} would emit nothing here: it sends only what HubSpot does not hold.)
 */
export async function measureUnchangedResync(
  stack: SyncStack,
  connectionId: string,
  stallMs = 60_000,
): Promise<ResyncMeasurement> {
  const before = stack.hubspot.counterSnapshot().totalRequests;
  const queued = await stack.runs.enqueue(connectionId, 'manual', { full: true, resend: true });
  if (!queued.created) throw new Error(`a run was already active: ${queued.runId}`);
  await stack.connections.requestRunNow(connectionId);
  const run = await waitRunComplete(stack.db, queued.runId, stallMs, () => stack.describeApps());
  // Let a last straggling request (if any) reach the simulator's counters.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    runId: run.runId,
    runStatus: run.error ? `${run.status}: ${run.error}` : run.status,
    emitted: run.emitted,
    hubspotCalls: stack.hubspot.counterSnapshot().totalRequests - before,
    outcomes: await outcomesOf(stack, run.runId),
    elapsedMs: run.lastAttemptMs - run.requestedMs,
  };
}

async function outcomesOf(stack: SyncStack, runId: string): Promise<Record<string, number>> {
  const rows: Array<{ outcome: string; n: string }> = await stack.db.query(
    `SELECT outcome, count(*) AS n FROM sync_attempts WHERE run_id = $1 GROUP BY outcome`,
    [runId],
  );
  return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
}
