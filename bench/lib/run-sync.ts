import type { SimCounters } from '@ml/hubspot-simulator';
import { topFailure, waitSettled, type RecordProgress } from './record-progress';
import { firstRunId, waitRunComplete } from './run-completion';
import type { PeakRss, SyncStack } from './sync-stack';

/**
 * One initial sync, connection created to the first run finished with every event audited and
 * every person settled, with what it cost.
 */
export interface SyncMeasurement {
  readonly connectionId: string;
  readonly expected: number;
  readonly progress: RecordProgress;
  /** Connection created to the last record settled, on the database clock. */
  readonly elapsedMs: number;
  readonly counters: SimCounters;
  readonly peakRss: PeakRss;
  /** The most common error among failed records, or null when none failed. */
  readonly topFailure: string | null;
  /** Batch upserts the writers logged in hubspot_requests, and their mean size. */
  readonly upserts: { readonly count: number; readonly meanBatch: number | null };
  /** Change events the poller emitted for the initial sync (sync_runs.emitted). */
  readonly eventsEmitted: number;
}

export async function measureInitialSync(
  stack: SyncStack,
  stallMs = 60_000,
): Promise<SyncMeasurement> {
  const expected = stack.expectedRecords();
  const { id, createdAtMs } = await stack.createConnection();
  const describe = () => stack.describeApps();
  const runId = await firstRunId(stack.db, id, 30_000);
  const run = await waitRunComplete(stack.db, runId, stallMs, describe);
  const progress = await waitSettled(stack.db, id, expected, stallMs, describe);
  const lastMs = Math.max(run.lastAttemptMs, progress.lastUpdatedMs ?? 0);
  return {
    connectionId: id,
    expected,
    progress,
    elapsedMs: lastMs - createdAtMs,
    counters: stack.hubspot.counterSnapshot(),
    peakRss: stack.peakRss(),
    topFailure: progress.failed > 0 ? await topFailure(stack.db, id) : null,
    upserts: await upsertStats(stack, id),
    eventsEmitted: await eventsEmitted(stack, id),
  };
}

async function upsertStats(
  stack: SyncStack,
  connectionId: string,
): Promise<SyncMeasurement['upserts']> {
  const rows: Array<{ n: string; mean: number | null }> = await stack.db.query(
    `SELECT count(*) AS n, avg(batch_size)::float8 AS mean FROM hubspot_requests
      WHERE connection_id = $1 AND path LIKE '%/batch/upsert'`,
    [connectionId],
  );
  return { count: Number(rows[0]?.n ?? 0), meanBatch: rows[0]?.mean ?? null };
}

async function eventsEmitted(stack: SyncStack, connectionId: string): Promise<number> {
  const rows: Array<{ n: string | null }> = await stack.db.query(
    `SELECT sum(emitted) AS n FROM sync_runs WHERE connection_id = $1`,
    [connectionId],
  );
  return Number(rows[0]?.n ?? 0);
}

export function callsNote(m: SyncMeasurement): string {
  const mean = m.upserts.meanBatch === null ? 'n/a' : m.upserts.meanBatch.toFixed(1);
  return (
    `${m.counters.totalRequests} requests in all (bootstrap included); the writers logged ` +
    `${m.upserts.count} batch upserts, mean ${mean} inputs; the poller emitted ` +
    `${m.eventsEmitted.toLocaleString('en-US')} events for ${sentToHubSpot(m).toLocaleString('en-US')} valid people`
  );
}

/** Records that went all the way to HubSpot and back (written, or refused by it). */
export function sentToHubSpot(m: SyncMeasurement): number {
  return m.progress.synced + m.progress.failed;
}

export function outcomeSummary(m: SyncMeasurement): string {
  const { synced, invalid, failed } = m.progress;
  return (
    `${synced.toLocaleString('en-US')} synced + ${failed.toLocaleString('en-US')} failed ` +
    `(${invalid.toLocaleString('en-US')} invalid, never sent) in ${(m.elapsedMs / 1000).toFixed(1)} s`
  );
}

export function exitNote(codes: ReadonlyArray<number | null>, names: readonly string[]): string {
  const bad = codes
    .map((code, i) => (code === 0 ? null : `${names[i]} exited ${code ?? 'by signal'}`))
    .filter(Boolean);
  return bad.length ? `on SIGTERM: ${bad.join(', ')}` : '';
}
