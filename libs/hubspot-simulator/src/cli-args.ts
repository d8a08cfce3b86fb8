import type { HubSpotSimulatorOptions } from './simulator-options';

export interface SimulatorCliConfig {
  port: number;
  options: HubSpotSimulatorOptions;
}

const USAGE =
  'usage: main.js [--port 8082] [--host 127.0.0.1] [--token <t>]... [--requests-per-10s 190] ' +
  '[--daily-limit 1000000] [--retry-after-on-rate-limit true|false] [--seed 1] ' +
  '[--portal-id 24681357] [--time-zone US/Eastern] [--api-versions 2026-03,2026-09] ' +
  '[--partial-failure-mode 400|207]';

/** Parses the simulator's command line; throws with the usage text on anything unknown. */
export function parseCliArgs(argv: readonly string[]): SimulatorCliConfig {
  let port = 8082;
  const tokens: string[] = [];
  const options: HubSpotSimulatorOptions = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--'))
      throw new Error(`${flag} needs a value\n${USAGE}`);
    i += 1;
    switch (flag) {
      case '--port':
        port = integer(flag, value, 0, 65_535);
        break;
      case '--host':
        options.host = value;
        break;
      case '--token':
        tokens.push(value);
        break;
      case '--requests-per-10s':
        options.requestsPer10s = integer(flag, value, 1, 1_000_000);
        break;
      case '--daily-limit':
        options.dailyLimit = integer(flag, value, 1, Number.MAX_SAFE_INTEGER);
        break;
      case '--retry-after-on-rate-limit':
        if (value !== 'true' && value !== 'false')
          throw new Error(`${flag} must be true or false\n${USAGE}`);
        options.retryAfterOnRateLimit = value === 'true';
        break;
      case '--seed':
        options.seed = integer(flag, value, 0, 2 ** 32 - 1);
        break;
      case '--portal-id':
        options.portalId = integer(flag, value, 1, 2 ** 31 - 1);
        break;
      case '--time-zone':
        options.timeZone = timeZone(flag, value);
        break;
      case '--api-versions':
        options.apiVersions = apiVersions(flag, value);
        break;
      case '--partial-failure-mode':
        if (value !== '400' && value !== '207')
          throw new Error(`${flag} must be 400 or 207\n${USAGE}`);
        options.partialFailureMode = value;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (tokens.length > 0) options.tokens = tokens;
  return { port, options };
}

function integer(flag: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new Error(`${flag} must be an integer from ${min} to ${max}\n${USAGE}`);
  }
  return parsed;
}

function timeZone(flag: string, value: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new Error(`${flag} ${value} is not an IANA time zone\n${USAGE}`);
  }
  return value;
}

function apiVersions(flag: string, value: string): string[] {
  const versions = value.split(',').map((version) => version.trim());
  if (versions.some((version) => !/^\d{4}-(?:03|09)$/.test(version))) {
    throw new Error(`${flag} takes YYYY-03 or YYYY-09 versions separated by commas\n${USAGE}`);
  }
  return versions;
}
