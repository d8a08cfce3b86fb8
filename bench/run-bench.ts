import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runAuditQueryBenchmark } from './benchmarks/audit-query';
import { runMappingBenchmark } from './benchmarks/mapping';
import { runPeopleSoftFetchBenchmark } from './benchmarks/peoplesoft-fetch';
import { runPipelineBenchmark } from './benchmarks/pipeline';
import { runPollerLoadBenchmark } from './benchmarks/poller-load';
import { runRateLimitedBenchmark } from './benchmarks/rate-limited';
import { runReconcileBenchmark } from './benchmarks/reconcile';
import { BENCHMARK_NAMES, parseArgs, USAGE, UsageError, type BenchmarkName } from './lib/cli';
import { machineInfo, renderTable, round, writeJson } from './lib/report';
import { failedRow, type ResultRow } from './lib/result-row';
import { sizesFor, type Sizes } from './lib/sizes';

const BENCHMARKS: Record<BenchmarkName, (sizes: Sizes) => ResultRow[] | Promise<ResultRow[]>> = {
  mapping: runMappingBenchmark,
  'peoplesoft-fetch': runPeopleSoftFetchBenchmark,
  'rate-limited': runRateLimitedBenchmark,
  pipeline: runPipelineBenchmark,
  'poller-load': runPollerLoadBenchmark,
  'audit-query': runAuditQueryBenchmark,
  reconcile: runReconcileBenchmark,
};

/**
 * `npm run bench`: runs the selected benchmarks one after another (never in parallel: they would
 * measure each other), prints one table and writes bench/results/latest.json. Benchmarks report,
 * they never assert; a benchmark whose setup fails gets a "setup failed" row and the process
 * exits 1 after the others ran.
 */
async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const sizes = sizesFor(options);
  const machine = machineInfo();
  const mode = options.quick ? 'quick' : 'full';
  console.log(
    `ml-connector bench (${mode}) on ${machine.cpus} cpus, node ${machine.node}, ` +
      `load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const rows: ResultRow[] = [];
  const durationsSeconds: Record<string, number> = {};
  let failed = 0;
  for (const name of BENCHMARK_NAMES.filter((n) => options.only.has(n))) {
    const started = performance.now();
    process.stdout.write(`- ${name} ... `);
    try {
      rows.push(...(await BENCHMARKS[name](sizes)));
      process.stdout.write('done');
    } catch (error) {
      failed++;
      rows.push(failedRow(name, error));
      process.stdout.write('SETUP FAILED\n');
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    }
    durationsSeconds[name] = round((performance.now() - started) / 1000, 1);
    console.log(` (${durationsSeconds[name]} s)`);
  }
  const report = {
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
    mode,
    sizes,
    durationsSeconds,
    rows,
  } as const;
  writeJson(options.output, report);
  console.log(`\n${renderTable(rows)}\n\nresults: ${options.output}`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(USAGE);
      process.exit(error.message ? 2 : 0);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
