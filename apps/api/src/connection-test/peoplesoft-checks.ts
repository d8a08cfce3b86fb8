import type { ConnectionWithSecrets } from '@ml/connections';
import type { SourceEntity } from '@ml/messaging';
import {
  formatPeopleSoftTimestamp,
  PeopleSoftClient,
  PeopleSoftError,
  type PeopleSoftErrorKind,
  type PeopleSoftSettings,
  type PeopleSoftSource,
} from '@ml/peoplesoft';
import { skipped, timed, type CheckResult } from './check-result';

/** Failures that concern the whole gateway, not one source: later sources are not tried. */
const GATEWAY_KINDS: ReadonlySet<PeopleSoftErrorKind> = new Set([
  'unreachable',
  'tls',
  'timeout',
  'auth',
  'unknown-user',
  'wrong-node',
  'gateway',
]);

const WINDOW_MINUTES = 5;

/**
 * Reachability, TLS and credentials, then every configured source: each source reads a window
 * of the last few minutes, so the check costs PeopleSoft next to nothing.
 */
export async function checkPeopleSoft(
  connection: ConnectionWithSecrets,
  now: Date,
): Promise<CheckResult[]> {
  const sources = (['employee', 'vendor', 'customer'] as const)
    .map((entity) => [entity, connection.peoplesoft.sources[entity]] as const)
    .filter((pair): pair is readonly [SourceEntity, PeopleSoftSource] => pair[1] !== undefined);
  let client: PeopleSoftClient;
  try {
    client = new PeopleSoftClient(clientSettings(connection));
  } catch (error) {
    return [
      {
        name: 'peoplesoft.connection',
        status: 'failed',
        latencyMs: null,
        detail: `the PeopleSoft settings cannot be used: ${safeMessage(error)}`,
        hint: 'PATCH the connection with a valid host, port, node and timeout',
      },
    ];
  }
  const nowMicros = BigInt(now.getTime()) * 1000n;
  const window = {
    from: formatPeopleSoftTimestamp(nowMicros - BigInt(WINDOW_MINUTES * 60) * 1_000_000n),
    to: formatPeopleSoftTimestamp(nowMicros),
  };
  const results: CheckResult[] = [];
  let gateway: CheckResult | undefined;
  try {
    for (const [entity, source] of sources) {
      const name = `peoplesoft.source.${entity}`;
      if (gateway?.status === 'failed') {
        results.push(skipped(name, 'not tried: PeopleSoft itself could not be used'));
        continue;
      }
      const answer = await timed(() => client.fetchWindow(source, window));
      const target =
        source.kind === 'query' ? `query ${source.queryName}` : `operation ${source.alias}`;
      if (answer.ok) {
        gateway ??= gatewayOk(connection, answer.ms);
        results.push({
          name,
          status: 'ok',
          latencyMs: answer.ms,
          detail: `${target} answered (${answer.value.rowCount} rows changed in the last ${WINDOW_MINUTES} minutes)`,
          hint: null,
        });
        continue;
      }
      const error = answer.error;
      if (error instanceof PeopleSoftError && GATEWAY_KINDS.has(error.kind)) {
        gateway = {
          name: 'peoplesoft.connection',
          status: 'failed',
          latencyMs: answer.ms,
          detail: `${error.kind}: ${error.message}`,
          hint: error.hint,
        };
        results.push(skipped(name, 'not tried: PeopleSoft itself could not be used'));
        continue;
      }
      gateway ??= gatewayOk(connection, answer.ms);
      results.push({
        name,
        status: 'failed',
        latencyMs: answer.ms,
        detail:
          error instanceof PeopleSoftError
            ? `${target}: ${error.kind}: ${error.message}`
            : `${target}: ${safeMessage(error)}`,
        hint: error instanceof PeopleSoftError ? error.hint : null,
      });
    }
  } finally {
    await client.close().catch(() => undefined);
  }
  if (sources.length === 0) {
    return [
      {
        name: 'peoplesoft.sources',
        status: 'failed',
        latencyMs: null,
        detail: 'no entity has a PeopleSoft source',
        hint: 'PATCH peoplesoft.sources with at least one of employee, vendor, customer',
      },
    ];
  }
  return [gateway ?? skipped('peoplesoft.connection', 'no source was tried'), ...results];
}

function gatewayOk(connection: ConnectionWithSecrets, ms: number): CheckResult {
  const ps = connection.peoplesoft;
  return {
    name: 'peoplesoft.connection',
    status: 'ok',
    latencyMs: ms,
    detail:
      `${ps.scheme}://${ps.host}:${ps.port} node ${ps.node} reached` +
      `${ps.scheme === 'https' ? ' over verified TLS' : ''}; ${ps.auth.type} credentials accepted`,
    hint: null,
  };
}

/** Only messages of errors the code itself raises; anything else is named by its type. */
function safeMessage(error: unknown): string {
  if (error instanceof PeopleSoftError || error instanceof RangeError) return error.message;
  return error instanceof Error ? `unexpected ${error.name}` : 'unexpected error';
}

export function clientSettings(connection: ConnectionWithSecrets): PeopleSoftSettings {
  const { scheme, host, port, node, pathPrefix, timeoutMs, caCertPem, auth } =
    connection.peoplesoft;
  const secret = connection.peoplesoftSecret;
  return {
    scheme,
    host,
    port,
    node,
    pathPrefix,
    timeoutMs,
    caCertPem,
    auth:
      auth.type === 'basic'
        ? { type: 'basic', oprid: auth.oprid, password: secret }
        : {
            type: 'oauth2',
            tokenUrl: auth.tokenUrl,
            clientId: auth.clientId,
            clientSecret: secret,
            scope: auth.scope,
          },
  };
}
