import { PeopleSoftSimulatorOptions, SIMULATOR_DEFAULTS } from './simulator-options';

export interface CliSettings {
  readonly port: number;
  readonly host: string;
  readonly options: PeopleSoftSimulatorOptions;
}

const NUMERIC = [
  'port',
  'employees',
  'vendors',
  'customers',
  'seed',
  'latency-ms',
  'late-commit-seconds',
  'token-ttl-seconds',
];
const TEXT = ['node', 'user', 'password', 'host'];

export const CLI_USAGE =
  'Usage: peoplesoft-simulator [--port 8081] [--host 127.0.0.1] [--employees 2000] [--vendors 300] ' +
  '[--customers 200] [--seed 1] [--node PSFT_HR] [--user ML_SYNC] [--password <pw>] [--latency-ms 0] ' +
  '[--late-commit-seconds 0] [--token-ttl-seconds 3600]\n' +
  'The password may also come from PS_SIM_PASSWORD, which keeps it out of the process list.';

/** Parses `--name value` / `--name=value`; throws with the usage text on anything unknown. */
export function parseCliArguments(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): CliSettings {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${CLI_USAGE}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!NUMERIC.includes(name) && !TEXT.includes(name))
      throw new Error(`unknown option --${name}\n${CLI_USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value\n${CLI_USAGE}`);
    if (NUMERIC.includes(name) && !/^\d+$/.test(value))
      throw new Error(`--${name} must be a non-negative integer`);
    values.set(name, value);
  }
  const num = (name: string): number | undefined =>
    values.has(name) ? Number(values.get(name)) : undefined;
  return {
    port: num('port') ?? 8081,
    host: values.get('host') ?? '127.0.0.1',
    options: {
      employees: num('employees'),
      vendors: num('vendors'),
      customers: num('customers'),
      seed: num('seed'),
      node: values.get('node'),
      user: values.get('user'),
      password: values.get('password') ?? env['PS_SIM_PASSWORD'] ?? SIMULATOR_DEFAULTS.password,
      latencyMs: num('latency-ms'),
      lateCommitSeconds: num('late-commit-seconds'),
      tokenTtlSeconds: num('token-ttl-seconds'),
    },
  };
}
