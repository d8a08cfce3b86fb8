import { currentRssMb, peakRssMb, resetPeakRss } from '../lib/proc-memory';
import { QueueDrain, type DrainCounts } from '../lib/queue-drain';
import { atMost, resultRow, type ResultRow } from '../lib/result-row';
import { waitReceived, waitRunPublished, type PublishedRun } from '../lib/run-publication';
import { firstRunId } from '../lib/run-completion';
import type { Sizes } from '../lib/sizes';
import { perSecond } from '../lib/stats';
import { SyncStack } from '../lib/sync-stack';

const NAME = 'poller-load';
/** Issue 3: the poller's memory budget, whatever the size of the read. */
const RSS_BUDGET_MB = 300;
const MAX_ROWS = 5_000;
/** A window of 5,000 rows takes seconds; minutes without progress means a stuck poller. */
const STALL_MS = 180_000;
const NO_LIMIT = 10_000_000;

/**
 * The poller alone (no writer) against the PeopleSoft simulator: the initial load of N
 * employees, then an incremental poll after M of them changed. A plain consumer in this process
 * drains the work queue and counts what reached it.
 */
export async function runPollerLoadBenchmark(sizes: Sizes): Promise<ResultRow[]> {
  const employees = sizes.pollerLoadEmployees;
  const stack = await SyncStack.start({
    label: 'bench_pload',
    employees,
    writers: 0,
    portalRequestsPer10s: NO_LIMIT,
    connectionRequestsPer10s: NO_LIMIT,
    maxRows: MAX_ROWS,
  });
  const drain = await QueueDrain.start(stack.env.vhost.url, stack.env.config.queuePrefix).catch(
    async (error: unknown) => {
      await stack.destroy();
      throw error;
    },
  );
  try {
    const pid = stack.apps[0]?.child.pid;
    const describe = () => stack.describeApps();
    const idleRssMb = currentRssMb(pid);

    const { id: connectionId, createdAtMs } = await stack.createConnection();
    const initial = await waitRunPublished(
      stack.db,
      await firstRunId(stack.db, connectionId, 30_000),
      STALL_MS,
      describe,
    );
    const initialReceived = await waitReceived(drain, initial.emitted, 30_000);
    const initialPeakMb = peakRssMb(pid);
    const initialEndMb = currentRssMb(pid);
    const initialRequests = (await stack.peoplesoft.counterSnapshot()).integrationBroker;
    const deferredPeople = await deferredPeopleCount(stack, connectionId);

    const changes = sizes.pollerLoadChanges;
    await stack.peoplesoft.changeEmployees(changes);
    drain.mark();
    const peakReset = resetPeakRss(pid);
    const requestedMs = Date.now();
    const queued = await stack.runs.enqueue(connectionId, 'manual', {});
    if (!queued.created) throw new Error(`a run was already active: ${queued.runId}`);
    await stack.connections.requestRunNow(connectionId);
    const incremental = await waitRunPublished(stack.db, queued.runId, STALL_MS, describe);
    const incrementalReceived = await waitReceived(drain, incremental.emitted, 30_000);
    const incrementalPeakMb = peakReset ? peakRssMb(pid) : null;
    const incrementalRequests =
      (await stack.peoplesoft.counterSnapshot()).integrationBroker - initialRequests;

    const initialWallMs = initial.publishedMs - createdAtMs;
    const incrementalWallMs = incremental.publishedMs - requestedMs;
    const count = (n: number) => n.toLocaleString('en-US');
    return [
      resultRow(NAME, {
        figure: 'initial load: rows/s fetched',
        value: Math.round(perSecond(initial.fetched, initial.finishedMs - initial.startedMs)),
        unit: 'rows/s',
        note:
          `${count(initial.fetched)} rows (every effective-dated JOB row) for ${count(employees)} ` +
          `employees in ${seconds(initial.finishedMs - initial.startedMs)} (run start to end), ` +
          `${initial.windows} windows committed, ${initialRequests} requests (full windows split ` +
          `at maxRows ${MAX_ROWS}); run ${runOutcome(initial)}`,
      }),
      resultRow(NAME, {
        figure: 'initial load: events/s published (confirmed by RabbitMQ)',
        value: Math.round(perSecond(initial.emitted, initial.publishedMs - initial.startedMs)),
        unit: 'events/s',
        note:
          `${count(initial.emitted)} events, run start to the outbox empty in ` +
          `${seconds(initial.publishedMs - initial.startedMs)}; ${count(initial.invalid)} rows ` +
          `invalid; ${receivedNote(initialReceived, employees)}; ${count(deferredPeople)} people ` +
          `only have rows effective in the future (deferred)`,
      }),
      resultRow(NAME, {
        figure: 'initial load: wall time',
        value: round1(initialWallMs / 1000),
        unit: 's',
        note: 'connection created to every event of the run published',
      }),
      resultRow(NAME, {
        figure: 'initial load: poller peak RSS',
        value: roundMb(initialPeakMb),
        unit: 'MB',
        target: atMost(RSS_BUDGET_MB),
        note:
          `VmHWM; ${mb(idleRssMb)} MB idle before the load, ${mb(initialEndMb)} MB after it; ` +
          `${count(employees)} employees, maxRows ${MAX_ROWS}`,
      }),
      resultRow(NAME, {
        figure: `incremental poll of ${count(changes)} changes: wall time`,
        value: round1(incrementalWallMs / 1000),
        unit: 's',
        note:
          `run requested to every event published; the run itself ` +
          `${seconds(incremental.finishedMs - incremental.startedMs)}, ${incremental.windows} ` +
          `windows committed, ${incrementalRequests} requests; run ${runOutcome(incremental)}`,
      }),
      resultRow(NAME, {
        figure: `incremental poll of ${count(changes)} changes: rows/s`,
        value: Math.round(perSecond(incremental.fetched, incrementalWallMs)),
        unit: 'rows/s',
        note: `${count(incremental.fetched)} rows read (the changes and the overlap) over the wall time`,
      }),
      resultRow(NAME, {
        figure: `incremental poll of ${count(changes)} changes: events published`,
        value: incremental.emitted,
        unit: 'events',
        note:
          `expected ${count(changes)} (one per changed person); ${count(incremental.invalid)} ` +
          `rows invalid; ${receivedNote(incrementalReceived, changes)}`,
      }),
      resultRow(NAME, {
        figure: 'incremental poll: poller peak RSS',
        value: roundMb(incrementalPeakMb),
        unit: 'MB',
        target: atMost(RSS_BUDGET_MB),
        note: peakReset
          ? 'VmHWM since the load ended (reset through /proc/<pid>/clear_refs)'
          : 'the kernel refused to reset VmHWM',
      }),
    ];
  } finally {
    await drain.stop();
    await stack.destroy();
  }
}

async function deferredPeopleCount(stack: SyncStack, connectionId: string): Promise<number> {
  const rows: Array<{ n: string }> = await stack.db.query(
    `SELECT count(DISTINCT source_id) AS n FROM deferred_rows WHERE connection_id = $1`,
    [connectionId],
  );
  return Number(rows[0]?.n ?? 0);
}

function receivedNote(counts: DrainCounts, people: number): string {
  return (
    `the queue delivered ${counts.received.toLocaleString('en-US')} messages ` +
    `(${counts.distinctMessages.toLocaleString('en-US')} distinct ids) for ` +
    `${counts.distinctPeople.toLocaleString('en-US')} distinct people of ` +
    `${people.toLocaleString('en-US')}`
  );
}

function runOutcome(run: PublishedRun): string {
  return run.error ? `${run.status}: ${run.error.slice(0, 200)}` : run.status;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function roundMb(n: number | null): number | null {
  return n === null ? null : Math.round(n);
}

function mb(n: number | null): string {
  return n === null ? 'n/a' : n.toFixed(0);
}
