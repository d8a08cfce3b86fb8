import { performance } from 'node:perf_hooks';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AuditModule, RecordsQuery, type AttemptOutcome } from '@ml/audit';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  freePort,
  startApp,
  type AppProcess,
} from '@ml/testing';
import { seedAuditTrail } from '../lib/audit-seed';
import { runLoad, type LoadResult } from '../lib/load';
import { atMost, resultRow, type ResultRow } from '../lib/result-row';
import type { Sizes } from '../lib/sizes';

const NAME = 'audit-query';
const CONNECTIONS = 10;
const CLIENTS = 20;
const P95_TARGET_MS = 50;
const API_KEY = 'bench-admin-key-0123456789abcdef';

type Call = (i: number) => Promise<void>;

/**
 * GET /records filtered by connection and outcome over an audit trail of `auditAttempts`
 * attempt rows, through the real API process; the same query run in-process through
 * RecordsQuery (the SQL the route runs) is the reference. Without a /records route in the
 * build, only the SQL is measured, and the rows say so.
 */
export async function runAuditQueryBenchmark(sizes: Sizes): Promise<ResultRow[]> {
  const env = await createTestEnvironment('bench_audit');
  let moduleRef: TestingModule | undefined;
  let api: AppProcess | undefined;
  try {
    moduleRef = await compileOnDatabase(env.config, {
      imports: [ConnectionsModule, AuditModule],
    });
    const ids = await createConnections(moduleRef.get(ConnectionsService));
    const seedStarted = performance.now();
    await seedAuditTrail(moduleRef.get(DataSource), ids, sizes.auditAttempts);
    const seeded =
      `${sizes.auditAttempts.toLocaleString('en-US')} attempts on ` +
      `${(sizes.auditAttempts / 2).toLocaleString('en-US')} records, ${CONNECTIONS} connections, ` +
      `seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`;
    const records = moduleRef.get(RecordsQuery);
    const sql =
      (outcome: AttemptOutcome): Call =>
      async (i) => {
        await records.list({ connectionId: ids[i % ids.length], outcome, limit: 50 });
      };
    await runLoad(sql('failed'), 1, { maxCalls: 20 });
    const sqlSingle = await runLoad(sql('failed'), 1, { maxCalls: 300 });

    const port = await freePort();
    api = startApp('api', {
      ...env.env,
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
      ADMIN_API_KEYS: API_KEY,
      LOG_LEVEL: 'warn',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitAnswering(api, `${base}/health`, 60_000);
    const probe = await fetch(`${base}/records?limit=1`, { headers: AUTH });
    if (probe.status === 404) {
      const sqlLoaded = await runLoad(sql('failed'), CLIENTS, { durationMs: loadMs(sizes) });
      return sqlOnlyRows(sqlSingle, sqlLoaded, seeded);
    }
    if (probe.status !== 200) {
      throw new Error(
        `GET /records answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`,
      );
    }
    const http =
      (outcome: AttemptOutcome): Call =>
      (i) =>
        get(`${base}/records?connectionId=${ids[i % ids.length]}&outcome=${outcome}&limit=50`);
    await runLoad(http('failed'), 1, { maxCalls: 30 });
    const single = await runLoad(http('failed'), 1, { maxCalls: 300 });
    const common = await runLoad(http('updated'), 1, { maxCalls: 300 });
    const loaded = await runLoad(http('failed'), CLIENTS, { durationMs: loadMs(sizes) });
    const health = await runLoad(() => get(`${base}/health`), CLIENTS, {
      durationMs: loadMs(sizes) / 2,
    });
    return apiRows({ single, common, loaded, health, sqlSingle }, seeded);
  } finally {
    await api?.stop().catch(() => undefined);
    await moduleRef?.close().catch(() => undefined);
    await env.destroy();
  }
}

const AUTH = { Authorization: `Bearer ${API_KEY}` };

async function get(url: string): Promise<void> {
  const response = await fetch(url, { headers: AUTH });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
}

/** Waits until the API answers HTTP at all (its "listening" line is an info log). */
async function waitAnswering(api: AppProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (api.child.exitCode !== null) {
      throw new Error(`the API exited (${api.child.exitCode}):\n${api.output().slice(-2000)}`);
    }
    const answered = await fetch(url).then(
      (r) => r.arrayBuffer().then(() => true),
      () => false,
    );
    if (answered) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the API did not answer within ${timeoutMs} ms:\n${api.output().slice(-2000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function loadMs(sizes: Sizes): number {
  return sizes.auditLoadSeconds * 1000;
}

async function createConnections(service: ConnectionsService): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const created = await service.create(
      connectionFixture(`bench-audit-${i}`, {
        peoplesoftUrl: 'http://127.0.0.1:9',
        hubspotUrl: 'http://127.0.0.1:9',
        hubspotToken: `pat-na1-00000000-0000-4000-8000-00000000000${i}`,
      }),
    );
    ids.push(created.id);
  }
  return ids;
}

interface ApiRuns {
  single: LoadResult;
  common: LoadResult;
  loaded: LoadResult;
  health: LoadResult;
  sqlSingle: LoadResult;
}

function apiRows(r: ApiRuns, seeded: string): ResultRow[] {
  const sqlRef = (value: number) => ({
    name: 'the same query via RecordsQuery in-process',
    value,
    unit: 'ms',
  });
  const filter = 'GET /records?connectionId&outcome=failed&limit=50';
  return [
    resultRow(NAME, {
      figure: `${filter}, 1 client, p50`,
      value: r.single.p50Ms,
      unit: 'ms',
      target: atMost(P95_TARGET_MS),
      reference: sqlRef(r.sqlSingle.p50Ms),
      note: seeded,
    }),
    resultRow(NAME, {
      figure: `${filter}, 1 client, p95`,
      value: r.single.p95Ms,
      unit: 'ms',
      target: atMost(P95_TARGET_MS),
      reference: sqlRef(r.sqlSingle.p95Ms),
      note: errorsOf(r.single),
    }),
    resultRow(NAME, {
      figure: 'same with outcome=updated (a third of all records), 1 client, p95',
      value: r.common.p95Ms,
      unit: 'ms',
      target: atMost(P95_TARGET_MS),
      note: errorsOf(r.common),
    }),
    resultRow(NAME, {
      figure: `${filter}, ${CLIENTS} clients, p95`,
      value: r.loaded.p95Ms,
      unit: 'ms',
      target: atMost(P95_TARGET_MS),
      note: `p50 ${r.loaded.p50Ms.toFixed(1)} ms; ${errorsOf(r.loaded)}`,
    }),
    resultRow(NAME, {
      figure: `${filter}, ${CLIENTS} clients, throughput`,
      value: r.loaded.perSecond,
      unit: 'req/s',
      reference: {
        name: `GET /health at ${CLIENTS} clients`,
        value: r.health.perSecond,
        unit: 'req/s',
      },
      note: `${r.loaded.requests} requests; clients run in the bench process on the same cores`,
    }),
  ];
}

function sqlOnlyRows(single: LoadResult, loaded: LoadResult, seeded: string): ResultRow[] {
  const note = `SQL only (RecordsQuery.list in-process): the build has no GET /records; ${seeded}`;
  return [
    resultRow(NAME, {
      figure: 'records by connection+outcome=failed, 1 client, p95',
      value: single.p95Ms,
      unit: 'ms',
      target: atMost(P95_TARGET_MS),
      note: `p50 ${single.p50Ms.toFixed(1)} ms; ${note}`,
    }),
    resultRow(NAME, {
      figure: `records by connection+outcome=failed, ${CLIENTS} clients, p95`,
      value: loaded.p95Ms,
      unit: 'ms',
      target: atMost(P95_TARGET_MS),
      note: `${loaded.perSecond.toFixed(0)} queries/s; ${errorsOf(loaded)}`,
    }),
  ];
}

function errorsOf(r: LoadResult): string {
  return r.errors
    ? `${r.errors} errors, first: ${r.firstError}`
    : `${r.requests} requests, 0 errors`;
}
