import { performance } from 'node:perf_hooks';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import { HubSpotSimulator, type SimCounters } from '@ml/hubspot-simulator';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  freePort,
  startApp,
  waitFor,
  type AppProcess,
  type TestEnvironment,
} from '@ml/testing';
import { waitReady } from '../lib/app-readiness';
import { peakRssMb } from '../lib/proc-memory';
import { seedSyncedEmployees } from '../lib/reconcile-seed';
import { round } from '../lib/report';
import { atMost, resultRow, zero, type ResultRow } from '../lib/result-row';
import { exitNote } from '../lib/run-sync';
import type { Sizes } from '../lib/sizes';
import { BENCH_HUBSPOT_TOKEN } from '../lib/sync-stack';

const NAME = 'reconcile';
/** The portal's limit, and what the connection is configured with. */
const LIMIT = 190;
/** Another HubSpot app: seeding spends its rate window, not the portal app's. */
const SEED_TOKEN = 'pat-na1-5eed5eed-5eed-45ee-85ee-5eed5eed5eed';
/** Weekly, as a user would schedule it; the benchmark makes its slot come at once. */
const WEEKLY = '0 3 * * 0';
/** The wall time may exceed the rate-limit floor by this much (bucket shaping, tick, SQL). */
const FLOOR_RATIO_TARGET = 1.2;
const READ_OPERATIONS = ['list-objects', 'batch-read'];
const WRITE_OPERATIONS = ['batch-upsert', 'batch-archive', 'merge', 'archive-object'];

/**
 * A scheduled reconciliation of N employees that are all in sync, run by the real poller
 * process (a writer runs beside it, as in production) at the portal's limit: the HubSpot calls
 * it spends, counted by the simulator per operation, and its wall time against the floor the
 * rate limit sets (calls / 19 per s). The state is seeded, not synced: see reconcile-seed.ts.
 */
export async function runReconcileBenchmark(sizes: Sizes): Promise<ResultRow[]> {
  const records = sizes.reconcileRecords;
  const env = await createTestEnvironment('bench_reconcile');
  const hubspot = new HubSpotSimulator({
    tokens: [BENCH_HUBSPOT_TOKEN, SEED_TOKEN],
    requestsPer10s: LIMIT,
  });
  const apps: AppProcess[] = [];
  let moduleRef: TestingModule | undefined;
  try {
    const hubspotUrl = await hubspot.start();
    moduleRef = await compileOnDatabase(env.config, { imports: [ConnectionsModule] });
    const db = moduleRef.get(DataSource);
    const connectionId = await createConnection(moduleRef, hubspotUrl);
    await seedSyncedEmployees(hubspot, SEED_TOKEN, db, connectionId, records);
    apps.push(...(await startPollerAndWriter(env)));

    const before = hubspot.counterSnapshot();
    const dueAt = performance.now();
    // The weekly slot comes: the poller's scheduler queues the reconciliation and runs it.
    await db.query(
      `INSERT INTO readback_settings (connection_id, reconcile_cron, next_reconcile_at)
       VALUES ($1, $2, now())`,
      [connectionId, WEEKLY],
    );
    const expectedFloorMs = (Math.ceil(records / 100) / (LIMIT / 10)) * 1000;
    const done = await waitFor(
      'the scheduled reconciliation to finish',
      () => finishedReconciliation(db, connectionId),
      Math.round(expectedFloorMs * 3) + 120_000,
      250,
    );
    const queuedToDoneMs = performance.now() - dueAt;
    const pollerPeakMb = peakRssMb(apps[0]?.child.pid);
    const names = apps.map((a) => a.name);
    // Any write the reconcile caused (a replay run of repairs) is sent before the writer stops.
    const codes = await stopAll(apps);
    const spent = spentSince(before, hubspot.counterSnapshot());
    if (done.status !== 'succeeded') {
      throw new Error(`the reconciliation ${done.status}: ${done.error ?? 'no error recorded'}`);
    }
    return rows({ records, done, spent, queuedToDoneMs, pollerPeakMb, codes, names });
  } finally {
    await stopAll(apps);
    await moduleRef?.close().catch(() => undefined);
    await hubspot.stop();
    await env.destroy();
  }
}

interface Finished {
  status: string;
  error: string | null;
  estimated_reads: number;
  reads: number;
  repairs_queued: number;
  counts: Record<string, number>;
  wall_ms: number;
  waited_ms: number;
}

interface Spent {
  total: number;
  reads: number;
  writes: number;
  byOperation: Record<string, number>;
  objectsWritten: number;
  rateLimited: number;
}

async function createConnection(moduleRef: TestingModule, hubspotUrl: string): Promise<string> {
  const connection = await moduleRef.get(ConnectionsService).create(
    connectionFixture('bench-reconcile', {
      // PeopleSoft is not read by an in-sync reconciliation; nothing listens here.
      peoplesoftUrl: 'http://127.0.0.1:9',
      hubspotUrl,
      hubspotToken: BENCH_HUBSPOT_TOKEN,
      requestsPer10Seconds: LIMIT,
      cron: '0 0 1 1 *',
    }),
  );
  // No first poll: the seeded state is what a finished sync leaves, and PeopleSoft is absent.
  await moduleRef
    .get(DataSource)
    .query(`UPDATE connections SET next_run_at = now() + interval '1 year' WHERE id = $1`, [
      connection.id,
    ]);
  return connection.id;
}

async function startPollerAndWriter(env: TestEnvironment): Promise<AppProcess[]> {
  const base: NodeJS.ProcessEnv = {
    ...env.env,
    LOG_LEVEL: 'warn',
    POLLER_TICK_MS: '250',
    HEALTH_HOST: '127.0.0.1',
  };
  const started: Array<{ app: AppProcess; port: number }> = [];
  for (const name of ['poller', 'writer'] as const) {
    const port = await freePort();
    started.push({ app: startApp(name, { ...base, HEALTH_PORT: String(port) }), port });
  }
  await Promise.all(started.map(({ app, port }) => waitReady(app, port)));
  return started.map((s) => s.app);
}

async function finishedReconciliation(
  db: DataSource,
  connectionId: string,
): Promise<Finished | undefined> {
  const rows: Finished[] = await db.query(
    `SELECT status, error, estimated_reads, reads, repairs_queued, counts,
            (extract(epoch FROM finished_at - started_at) * 1000)::float8 AS wall_ms,
            (extract(epoch FROM started_at - requested_at) * 1000)::float8 AS waited_ms
       FROM reconciliations
      WHERE connection_id = $1 AND status IN ('succeeded', 'failed')`,
    [connectionId],
  );
  return rows[0];
}

async function stopAll(apps: AppProcess[]): Promise<Array<number | null>> {
  const codes = await Promise.all(apps.map((a) => a.stop(30_000)));
  apps.length = 0;
  return codes;
}

function spentSince(before: SimCounters, after: SimCounters): Spent {
  const byOperation: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after.requestsByOperation)) {
    const delta = n - (before.requestsByOperation[kind] ?? 0);
    if (delta > 0) byOperation[kind] = delta;
  }
  const sum = (kinds: readonly string[]) => kinds.reduce((s, k) => s + (byOperation[k] ?? 0), 0);
  return {
    total: after.totalRequests - before.totalRequests,
    reads: sum(READ_OPERATIONS),
    writes: sum(WRITE_OPERATIONS),
    byOperation,
    objectsWritten:
      after.objectsCreated + after.objectsUpdated - before.objectsCreated - before.objectsUpdated,
    rateLimited: after.rateLimited - before.rateLimited,
  };
}

function rows(m: {
  records: number;
  done: Finished;
  spent: Spent;
  queuedToDoneMs: number;
  pollerPeakMb: number | null;
  codes: Array<number | null>;
  names: string[];
}): ResultRow[] {
  const { records, done, spent } = m;
  const n = records.toLocaleString('en-US');
  const pages = Math.ceil(records / 100);
  // The floor for the calls actually spent: the portal admits 190 per 10 s, 19 per s at best.
  const floorSeconds = spent.total / (LIMIT / 10);
  const wallSeconds = done.wall_ms / 1000;
  const notInSync = records - (done.counts['in-sync'] ?? 0);
  const operations = Object.entries(spent.byOperation)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  return [
    resultRow(NAME, {
      figure: `${n} in sync: HubSpot read calls`,
      value: spent.reads,
      unit: 'calls',
      target: atMost(pages),
      note:
        `simulator counters per operation: ${operations || 'none'}; the poller counted ` +
        `${done.reads}, estimated ${done.estimated_reads}`,
    }),
    resultRow(NAME, {
      figure: `${n} in sync: HubSpot write calls`,
      value: spent.writes,
      unit: 'calls',
      target: zero,
      note:
        `batch-upsert, batch-archive, merge and DELETE requests at the simulator until the ` +
        `writer stopped; objects created or updated: ${spent.objectsWritten}; repairs queued: ` +
        `${done.repairs_queued}`,
    }),
    resultRow(NAME, {
      figure: `${n} in sync: HubSpot calls per 100 records`,
      value: round((spent.total / records) * 100, 3),
      unit: 'calls',
      target: atMost(1),
      note: `every API request the simulator saw during the run (${spent.total}) / records x 100`,
    }),
    resultRow(NAME, {
      figure: `${n} in sync: records not classified in sync`,
      value: notInSync,
      unit: 'records',
      target: zero,
      note: JSON.stringify(done.counts),
    }),
    resultRow(NAME, {
      figure: `${n} in sync: wall time`,
      value: round(wallSeconds, 1),
      unit: 's',
      reference: { name: 'the rate-limit floor', value: round(floorSeconds, 1), unit: 's' },
      note:
        `claimed to finished, on the database clock; slot due to finished ` +
        `${round(m.queuedToDoneMs / 1000, 1)} s (${round(done.waited_ms / 1000, 1)} s until a ` +
        `poller tick claimed it)`,
    }),
    resultRow(NAME, {
      figure: `${n} in sync: wall time / rate-limit floor`,
      value: round(wallSeconds / floorSeconds, 3),
      unit: 'x',
      target: atMost(FLOOR_RATIO_TARGET),
      note: `floor = ${spent.total} calls / ${LIMIT / 10} per s = ${round(floorSeconds, 1)} s`,
    }),
    resultRow(NAME, {
      figure: `${n} in sync: 429 answers`,
      value: spent.rateLimited,
      unit: 'responses',
      target: zero,
    }),
    resultRow(NAME, {
      figure: `${n} in sync: poller peak RSS`,
      value: m.pollerPeakMb === null ? null : round(m.pollerPeakMb, 0),
      unit: 'MB',
      note: ['one page of the listing at a time, the rest in Postgres', exitNote(m.codes, m.names)]
        .filter(Boolean)
        .join('; '),
    }),
  ];
}
