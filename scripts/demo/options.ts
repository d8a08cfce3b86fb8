/** The demo's command line: every flag has a default, so `npm run demo` alone works. */
export interface DemoOptions {
  /** Exit after the first sync (non-interactive); exit code 0 when it completed. */
  readonly once: boolean;
  /** Drop the demo database (and the demo queues) first. */
  readonly reset: boolean;
  readonly employees: number;
  readonly vendors: number;
  readonly customers: number;
  readonly seed: number;
  readonly peoplesoftPort: number;
  readonly hubspotPort: number;
  readonly apiPort: number;
  /** Database on the server of DATABASE_URL (the URL's own database name is not used). */
  readonly database: string;
  readonly queuePrefix: string;
  readonly connectionName: string;
  /** The demo connection's schedule (cron, UTC) once the first sync is done. */
  readonly cron: string;
  /** Give up on a sync that made no progress for this long. */
  readonly stallSeconds: number;
  readonly help: boolean;
}

export const DEFAULT_OPTIONS: DemoOptions = {
  once: false,
  reset: false,
  employees: 2000,
  vendors: 300,
  customers: 200,
  seed: 1,
  peoplesoftPort: 8000,
  hubspotPort: 8100,
  apiPort: 3000,
  database: 'ml_connector_demo',
  queuePrefix: 'demo',
  connectionName: 'demo',
  cron: '* * * * *',
  stallSeconds: 120,
  help: false,
};

export const USAGE = `Usage: npm run demo -- [flags]

Runs ml-connector end to end against simulated PeopleSoft and HubSpot: creates and migrates the
demo database, starts both simulators and the api, poller and writer, creates a demo connection,
tests it, syncs with a progress bar and prints a summary. Then keeps syncing on the schedule
until Ctrl-C. A second run reuses the database and shows an incremental sync.

  --once                 exit after the first sync (exit code 0 when it completed)
  --reset                drop the demo database and queues first, then start from scratch
  --employees N          PeopleSoft employees (default 2000)
  --vendors N            PeopleSoft vendors (default 300)
  --customers N          PeopleSoft customers (default 200)
  --seed N               seed of the generated data (default 1)
  --peoplesoft-port N    PeopleSoft simulator port (default 8000)
  --hubspot-port N       HubSpot simulator port (default 8100)
  --api-port N           admin API port (default 3000)
  --database NAME        demo database on the DATABASE_URL server (default ml_connector_demo)
  --queue-prefix NAME    RabbitMQ exchange and queue prefix (default demo)
  --connection-name NAME name of the demo connection (default demo)
  --schedule CRON        the connection's schedule, UTC (default "* * * * *": every minute)
  --stall-seconds N      fail a sync that makes no progress for N seconds (default 120)
  --help                 this text

Environment: DATABASE_URL (server and credentials; default postgres://postgres@127.0.0.1:5432),
RABBITMQ_URL (default amqp://guest:guest@127.0.0.1:5672), LOG_LEVEL of the apps (default info).`;

type Parsed = { -readonly [K in keyof DemoOptions]: DemoOptions[K] };

const NUMBER_FLAGS: Record<string, keyof Parsed> = {
  '--employees': 'employees',
  '--vendors': 'vendors',
  '--customers': 'customers',
  '--seed': 'seed',
  '--peoplesoft-port': 'peoplesoftPort',
  '--hubspot-port': 'hubspotPort',
  '--api-port': 'apiPort',
  '--stall-seconds': 'stallSeconds',
};
const TEXT_FLAGS: Record<string, keyof Parsed> = {
  '--database': 'database',
  '--queue-prefix': 'queuePrefix',
  '--connection-name': 'connectionName',
  '--schedule': 'cron',
};
const LIMITS: Partial<Record<keyof Parsed, [number, number]>> = {
  employees: [1, 200_000],
  vendors: [0, 100_000],
  customers: [0, 100_000],
  seed: [0, 2 ** 31 - 1],
  peoplesoftPort: [1, 65_535],
  hubspotPort: [1, 65_535],
  apiPort: [1, 65_535],
  stallSeconds: [5, 86_400],
};
const TEXT_PATTERNS: Partial<Record<keyof Parsed, [RegExp, string]>> = {
  database: [/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ (a Postgres name)'],
  queuePrefix: [/^[a-z0-9][a-z0-9._-]{0,40}$/i, 'letters, digits, ".", "_" and "-"'],
  connectionName: [/^[\x20-\x7e]{1,100}$/, '1-100 printable characters'],
  cron: [/^\S+( \S+){4,5}$/, 'a cron expression of 5 or 6 fields'],
};

export class UsageError extends Error {}

/** Accepts `--flag value` and `--flag=value`; anything unknown is an error, never ignored. */
export function parseOptions(argv: readonly string[]): DemoOptions {
  const options: Parsed = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const [flag = '', inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    if (flag === '--once') options.once = true;
    else if (flag === '--reset') options.reset = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag in NUMBER_FLAGS || flag in TEXT_FLAGS) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      const key = (NUMBER_FLAGS[flag] ?? TEXT_FLAGS[flag]) as keyof Parsed;
      if (flag in NUMBER_FLAGS) setNumber(options, key, flag, value);
      else setText(options, key, flag, value);
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(argv[i])} (try --help)`);
    }
  }
  const ports = [options.peoplesoftPort, options.hubspotPort, options.apiPort];
  if (new Set(ports).size !== ports.length) {
    throw new UsageError('--peoplesoft-port, --hubspot-port and --api-port must differ');
  }
  return options;
}

function setNumber(options: Parsed, key: keyof Parsed, flag: string, value: string): void {
  const [min, max] = LIMITS[key] ?? [0, Number.MAX_SAFE_INTEGER];
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${value}`);
  }
  (options as Record<string, unknown>)[key] = n;
}

function setText(options: Parsed, key: keyof Parsed, flag: string, value: string): void {
  const rule = TEXT_PATTERNS[key];
  if (rule && !rule[0].test(value)) throw new UsageError(`${flag} must be ${rule[1]}`);
  (options as Record<string, unknown>)[key] = value;
}
