import { performance } from 'node:perf_hooks';
import {
  buildQueryUrl,
  firstWindow,
  PeopleSoftClient,
  WindowPlan,
  type FetchWindow,
} from '@ml/peoplesoft';
import type { PeopleSoftSettings, QuerySource } from '@ml/peoplesoft';
import { peakRssMb } from '../lib/proc-memory';

/** What the parent sends (argv[2], JSON) and what this process prints (one JSON line). */
export interface FetchWorkerInput {
  readonly settings: PeopleSoftSettings;
  readonly source: QuerySource;
}

export interface FetchWorkerOutput {
  /** Rows of complete windows: what the poller would use. */
  readonly rows: number;
  readonly requests: number;
  /** Answers that came back with maxRows rows: read, parsed and thrown away. */
  readonly fullWindows: number;
  readonly completeWindows: number;
  /** Rows of every answer, full ones included: what PeopleSoft served and the client parsed. */
  readonly rowsFetched: number;
  readonly rowErrors: number;
  readonly clientMs: number;
  readonly clientPeakRssMb: number | null;
  readonly baselineRssMb: number | null;
  readonly rawRows: number;
  readonly rawBytes: number;
  readonly rawMs: number;
}

/**
 * Reads every employee through PeopleSoftClient.fetchWindow in the windows WindowPlan gives, as
 * the poller's first load does (newest first; a full answer is only a hint for the windows that
 * replace it), keeping only counts, so memory is bounded by one window. Then sends the same
 * requests again with plain fetch + text (no parsing, no checks): the simulator's raw serving
 * speed over the same work, the reference.
 */
async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as FetchWorkerInput;
  const baselineRssMb = peakRssMb(process.pid);
  const client = new PeopleSoftClient(input.settings);
  const requested: Array<{ window: FetchWindow; complete: boolean }> = [];
  let rows = 0;
  let rowsFetched = 0;
  let fullWindows = 0;
  let rowErrors = 0;
  const started = performance.now();
  const plan = new WindowPlan(firstWindow(null, 0, new Date()), true);
  for (let window = plan.next(); window; window = plan.next()) {
    const result = await client.fetchWindow(input.source, window);
    requested.push({ window, complete: !result.truncated });
    rowsFetched += result.rowCount;
    const stamps = result.rows.map((row) => row['LASTUPDDTTM']);
    if (result.truncated) {
      fullWindows++;
      if (!plan.truncated(stamps, result.rowCount)) {
        throw new Error(`more than maxRows rows share LASTUPDDTTM ${window.from}`);
      }
      continue;
    }
    plan.complete(stamps);
    rows += result.rows.length;
    rowErrors += result.rowErrors.length;
  }
  const clientMs = performance.now() - started;
  const clientPeakRssMb = peakRssMb(process.pid);
  await client.close();

  const auth = input.settings.auth;
  const header =
    auth.type === 'basic'
      ? `Basic ${Buffer.from(`${auth.oprid}:${auth.password}`).toString('base64')}`
      : '';
  let rawRows = 0;
  let rawBytes = 0;
  const rawStarted = performance.now();
  for (const { window, complete } of requested) {
    const response = await fetch(buildQueryUrl(input.settings, input.source, window), {
      headers: { Authorization: header, Accept: 'application/json' },
    });
    const text = await response.text();
    rawBytes += text.length;
    if (complete) rawRows += countRows(text);
  }
  const rawMs = performance.now() - rawStarted;
  const output: FetchWorkerOutput = {
    rows,
    requests: requested.length,
    fullWindows,
    completeWindows: requested.length - fullWindows,
    rowsFetched,
    rowErrors,
    clientMs,
    clientPeakRssMb,
    baselineRssMb,
    rawRows,
    rawBytes,
    rawMs,
  };
  process.stdout.write(JSON.stringify(output) + '\n');
}

/** Rows in a QAS answer, counted without parsing: each row object carries one attr:rownumber. */
function countRows(text: string): number {
  let count = 0;
  for (let at = text.indexOf('rownumber'); at !== -1; at = text.indexOf('rownumber', at + 9)) {
    count++;
  }
  return count;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
