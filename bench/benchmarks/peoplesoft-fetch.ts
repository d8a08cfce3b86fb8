import { join } from 'node:path';
import { DEFAULT_SOURCES } from '@ml/connections';
import type { QuerySource } from '@ml/peoplesoft';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import type { FetchWorkerInput, FetchWorkerOutput } from '../workers/fetch-worker';
import { runJsonChild } from '../lib/child-json';
import { atLeast, atMost, resultRow, type ResultRow } from '../lib/result-row';
import type { Sizes } from '../lib/sizes';
import { perSecond } from '../lib/stats';

const NAME = 'peoplesoft-fetch';
const OPRID = 'ML_BENCH';
const PASSWORD = 'bench-password-not-secret';
/** What the pipeline target (5,000 records/s end to end) needs from the read side at least. */
const FETCH_TARGET_ROWS_PER_S = 5_000;
/**
 * Rows PeopleSoft serves (and the client parses) per row the poller can use: a full answer is
 * thrown away, so every one costs maxRows rows for nothing. Halving blind cost about 2.5.
 */
const FETCHED_PER_USED_TARGET = 1.25;
/** The poller's memory budget (issue 3); the client alone must stay well within it. */
const RSS_TARGET_MB = 300;

/**
 * The simulator serves from this process; PeopleSoftClient runs in a child process of its own,
 * so its peak RSS (VmHWM) is the client's and not the simulator's dataset.
 */
export async function runPeopleSoftFetchBenchmark(sizes: Sizes): Promise<ResultRow[]> {
  const simulator = new PeopleSoftSimulator({
    employees: sizes.fetchEmployees,
    vendors: 0,
    customers: 0,
    user: OPRID,
    password: PASSWORD,
  });
  const url = new URL(await simulator.start());
  try {
    const source: QuerySource = {
      ...(DEFAULT_SOURCES.employee as QuerySource),
      maxRows: sizes.fetchMaxRows,
    };
    const input: FetchWorkerInput = {
      settings: {
        scheme: 'http',
        host: url.hostname,
        port: Number(url.port),
        node: simulator.node,
        timeoutMs: 120_000,
        auth: { type: 'basic', oprid: OPRID, password: PASSWORD },
      },
      source,
    };
    const out = await runJsonChild<FetchWorkerOutput>(
      join(__dirname, '..', 'workers', 'fetch-worker.js'),
      input,
      600_000,
    );
    if (out.rawRows !== out.rows + out.rowErrors) {
      throw new Error(`raw pass saw ${out.rawRows} rows, the client ${out.rows}`);
    }
    const used = out.rows + out.rowErrors;
    const count = (n: number) => n.toLocaleString('en-US');
    const windows =
      `${out.requests} requests for ${out.completeWindows} complete windows ` +
      `(${out.fullWindows} full answers at maxRows ${sizes.fetchMaxRows} thrown away), ` +
      `${count(out.rows)} rows for ${count(sizes.fetchEmployees)} employees`;
    return [
      resultRow(NAME, {
        figure: 'rows/s through PeopleSoftClient.fetchWindow',
        value: Math.round(perSecond(out.rows, out.clientMs)),
        unit: 'rows/s',
        target: atLeast(FETCH_TARGET_ROWS_PER_S),
        reference: {
          name: 'raw fetch+text of the same windows',
          value: Math.round(perSecond(out.rawRows, out.rawMs)),
          unit: 'rows/s',
        },
        note: windows,
      }),
      resultRow(NAME, {
        figure: 'rows fetched per row used',
        value: round3(out.rowsFetched / Math.max(1, used)),
        unit: 'rows',
        target: atMost(FETCHED_PER_USED_TARGET),
        note:
          `${count(out.rowsFetched)} rows fetched, ${count(used)} in complete windows; ` +
          `${round3(out.requests / Math.max(1, out.completeWindows))} requests per complete window`,
      }),
      resultRow(NAME, {
        figure: 'client process peak RSS',
        value: out.clientPeakRssMb,
        unit: 'MB',
        target: atMost(RSS_TARGET_MB),
        note: `VmHWM of the reading process; ${formatMb(out.baselineRssMb)} MB before the first request`,
      }),
    ];
  } finally {
    await simulator.stop();
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function formatMb(mb: number | null): string {
  return mb === null ? 'n/a' : mb.toFixed(0);
}
