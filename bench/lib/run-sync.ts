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
  /** Failed records the writer refused before any request (an email another record holds). */
  readonly refusedBeforeSending: number;
}

/** Failures the writer decides without asking HubSpot: those records never reach it. */
const REFUSED_BEFORE_SENDING = [
  'EMAIL_TAKEN',
  'MERGED_IN_HUBSPOT',
  'MAPPING_PROPERTY_MISSING',
  'CONNECTION_NEEDS_ATTENTION',
  'CONNECTION_DELETED',
];

export async function measureInitialSync(
  stack: SyncStack,
  stallMs = 60_000,
): Promise<SyncMeasurement> {
  const expected = await stack.expectedRecords();
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
    refusedBeforeSending: progress.failed > 0 ? await refusedBeforeSending(stack, id) : 0,
  };
}

async function refusedBeforeSending(stack: SyncStack, connectionId: string): Promise<number> {
  const rows: Array<{ n: string }> = await stack.db.query(
    `SELECT count(*) AS n FROM sync_records r
       JOIN sync_attempts a ON a.record_id = r.id AND a.event_id = r.last_event_id
      WHERE r.connection_id = $1 AND r.status = 'failed' AND a.error_category = ANY($2)`,
    [connectionId, REFUSED_BEFORE_SENDING],
  );
  return Number(rows[0]?.n ?? 0);
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
    `${m.eventsEmitted.toLocaleString('en-US')} events for ${settledByWriter(m).toLocaleString('en-US')} valid people`
  );
}

/** Records that went all the way to HubSpot and back (written, or refused by it). */
export function sentToHubSpot(m: SyncMeasurement): number {
  return m.progress.synced + failedAtHubSpot(m);
}

/** Records HubSpot itself refused. */
export function failedAtHubSpot(m: SyncMeasurement): number {
  return m.progress.failed - m.refusedBeforeSending;
}

/** Records the writer finished (written, refused by HubSpot or refused before sending). */
export function settledByWriter(m: SyncMeasurement): number {
  return m.progress.synced + m.progress.failed;
}

export function outcomeSummary(m: SyncMeasurement): string {
  const { synced, invalid } = m.progress;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `${n(synced)} synced + ${n(failedAtHubSpot(m))} failed at HubSpot ` +
    `(${n(m.refusedBeforeSending)} refused before sending, ${n(invalid)} invalid, never sent) ` +
    `in ${(m.elapsedMs / 1000).toFixed(1)} s`
  );
}

/** The row for records the writer refused without a request, and the commonest reason. */
export function refusedNote(m: SyncMeasurement): string {
  return m.topFailure ? `most common failure: ${m.topFailure}` : '';
}

export function exitNote(codes: ReadonlyArray<number | null>, names: readonly string[]): string {
  const bad = codes
    .map((code, i) => (code === 0 ? null : `${names[i]} exited ${code ?? 'by signal'}`))
    .filter(Boolean);
  return bad.length ? `on SIGTERM: ${bad.join(', ')}` : '';
}
