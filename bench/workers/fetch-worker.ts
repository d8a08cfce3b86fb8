import { performance } from 'node:perf_hooks';
import {
  buildQueryUrl,
  firstWindow,
  PeopleSoftClient,
  splitWindow,
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
  readonly rows: number;
  readonly requests: number;
  readonly fullWindows: number;
  readonly rowErrors: number;
  readonly clientMs: number;
  readonly clientPeakRssMb: number | null;
  readonly baselineRssMb: number | null;
  readonly rawRows: number;
  readonly rawBytes: number;
  readonly rawMs: number;
}

/**
 * Reads every employee through PeopleSoftClient.fetchWindow, splitting each window that comes
 * back with maxRows rows (as the poller does) and keeping only counts, so memory is bounded by
 * one window. Then sends the same requests again with plain fetch + text (no parsing, no
 * checks): the simulator's raw serving speed over the same work, the reference.
 */
async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as FetchWorkerInput;
  const baselineRssMb = peakRssMb(process.pid);
  const client = new PeopleSoftClient(input.settings);
  const requested: Array<{ window: FetchWindow; complete: boolean }> = [];
  let rows = 0;
  let requests = 0;
  let fullWindows = 0;
  let rowErrors = 0;
  const started = performance.now();
  const pending: FetchWindow[] = [firstWindow(null, 0, new Date())];
  while (pending.length > 0) {
    const window = pending.pop() as FetchWindow;
    const result = await client.fetchWindow(input.source, window);
    requests++;
    requested.push({ window, complete: !result.truncated });
    if (result.truncated) {
      fullWindows++;
      const halves = splitWindow(window);
      if (!halves) throw new Error(`more than maxRows rows share LASTUPDDTTM ${window.from}`);
      pending.push(halves[1], halves[0]);
      continue;
    }
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
    requests,
    fullWindows,
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
