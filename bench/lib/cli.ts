export const BENCHMARK_NAMES = [
  'mapping',
  'peoplesoft-fetch',
  'rate-limited',
  'pipeline',
  'poller-load',
  'audit-query',
  'reconcile',
] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

export interface BenchOptions {
  readonly quick: boolean;
  readonly only: ReadonlySet<BenchmarkName>;
  /** Overrides the record count of the end-to-end runs (rate-limited, pipeline, reconcile). */
  readonly records?: number;
  /** Take the generated email collisions (409 CONFLICT at HubSpot) out of the end-to-end runs. */
  readonly uniqueEmails: boolean;
  readonly output: string;
}

export const USAGE = `usage: node dist/bench/run-bench.js [--quick] [--only <name>[,<name>...]] [--records <n>] [--unique-emails] [--output <file>]
benchmarks: ${BENCHMARK_NAMES.join(', ')}
('pipeline' includes the unchanged re-sync.)`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): BenchOptions {
  let quick = false;
  let only = new Set<BenchmarkName>(BENCHMARK_NAMES);
  let records: number | undefined;
  let uniqueEmails = false;
  let output = 'bench/results/latest.json';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      return value;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--only') only = parseNames(next());
    else if (arg === '--records') records = parseCount(next());
    else if (arg === '--unique-emails') uniqueEmails = true;
    else if (arg === '--output') output = next();
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else throw new UsageError(`unknown argument ${arg}`);
  }
  return { quick, only, records, uniqueEmails, output };
}

function parseNames(text: string): Set<BenchmarkName> {
  const names = text.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(BENCHMARK_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`unknown benchmark '${name}'`);
    }
  }
  return new Set(names as BenchmarkName[]);
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 100) throw new UsageError('--records must be an integer >= 100');
  return n;
}
