import type { ConnectionWithSecrets } from '@ml/connections';
import { HubSpotClient, HubSpotError, type CrmObjectType, type RequestAudit } from '@ml/hubspot';
import { skipped, timed, type CheckResult, type HubSpotAccount } from './check-result';
import { rateLimitCheck } from './rate-limit-tier';

export interface HubSpotChecks {
  readonly checks: CheckResult[];
  readonly account: HubSpotAccount | null;
}

/**
 * The token (account details: portal id and time zone), the read scopes of every object type
 * the connection writes, and the rate-limit tier from the answer's headers.
 */
export async function checkHubSpot(
  connection: ConnectionWithSecrets,
  timeoutMs: number,
): Promise<HubSpotChecks> {
  let client: HubSpotClient;
  try {
    client = new HubSpotClient({
      accessToken: connection.hubspotToken,
      baseUrl: connection.hubspot.baseUrl,
      apiVersion: connection.hubspot.apiVersion,
      timeoutMs,
    });
  } catch (error) {
    const detail = error instanceof TypeError ? error.message : 'the settings cannot be used';
    return {
      checks: [
        {
          name: 'hubspot.token',
          status: 'failed',
          latencyMs: null,
          detail,
          hint: 'PATCH hubspot.baseUrl, hubspot.apiVersion or hubspot.accessToken',
        },
      ],
      account: null,
    };
  }
  try {
    const details = await timed(() => client.getAccountDetails());
    if (!details.ok) {
      const objectTypes = objectTypesOf(connection);
      return {
        checks: [
          failure('hubspot.token', details.error, details.ms),
          ...objectTypes.map((type) =>
            skipped(`hubspot.scopes.${type}`, 'not tried: the token check failed'),
          ),
          skipped('hubspot.rateLimit', 'not tried: the token check failed'),
        ],
        account: null,
      };
    }
    const account = details.value.data;
    const checks: CheckResult[] = [
      {
        name: 'hubspot.token',
        status: 'ok',
        latencyMs: details.ms,
        detail: `token accepted by portal ${account.portalId} (${account.timeZone}, ${account.dataHostingLocation || 'unknown hosting'})`,
        hint: null,
      },
    ];
    let lastRequest: RequestAudit = details.value.request;
    for (const type of objectTypesOf(connection)) {
      const probe = await timed(async () => {
        const list = await client.listObjects(type, { limit: 1 });
        const properties = await client.listProperties(type);
        return properties.request ?? list.request;
      });
      if (probe.ok) {
        lastRequest = probe.value;
        checks.push({
          name: `hubspot.scopes.${type}`,
          status: 'ok',
          latencyMs: probe.ms,
          detail:
            `crm.objects.${type}.read and crm.schemas.${type}.read granted; ` +
            `crm.objects.${type}.write is proven by the first sync (checking it would write)`,
          hint: null,
        });
      } else {
        checks.push(failure(`hubspot.scopes.${type}`, probe.error, probe.ms, type));
      }
    }
    checks.push(
      rateLimitCheck(lastRequest.rateLimit ?? details.value.request.rateLimit, connection.hubspot),
    );
    return { checks, account };
  } finally {
    await client.close().catch(() => undefined);
  }
}

function objectTypesOf(connection: ConnectionWithSecrets): CrmObjectType[] {
  const sources = connection.peoplesoft.sources;
  const types: CrmObjectType[] = [];
  if (sources.employee) types.push('contacts');
  if (sources.vendor || sources.customer) types.push('companies');
  return types;
}

function failure(name: string, error: unknown, ms: number, type?: CrmObjectType): CheckResult {
  if (!(error instanceof HubSpotError)) {
    return {
      name,
      status: 'failed',
      latencyMs: ms,
      detail: error instanceof Error ? `unexpected ${error.name}` : 'unexpected error',
      hint: null,
    };
  }
  return {
    name,
    status: 'failed',
    latencyMs: ms,
    detail: `${error.kind}${error.status ? ` (HTTP ${error.status})` : ''}: ${error.message}`,
    hint: hintFor(error, type),
  };
}

function hintFor(error: HubSpotError, type: CrmObjectType | undefined): string {
  const scopes = type
    ? `crm.objects.${type}.read, crm.objects.${type}.write, crm.schemas.${type}.read and crm.schemas.${type}.write`
    : 'crm.objects.contacts.*, crm.objects.companies.* and the matching crm.schemas.* scopes';
  switch (error.kind) {
    case 'auth':
      return (
        'HubSpot refused the token: it is wrong, revoked or was rotated. Copy the current ' +
        'token of the private app (Settings → Integrations → Private apps) into hubspot.accessToken'
      );
    case 'forbidden':
      return `The private app lacks a scope: grant ${scopes}, then copy its token again`;
    case 'wrong-hublet':
      return error.correctHublet
        ? `The portal lives on ${error.correctHublet}: set hubspot.baseUrl to https://api-${error.correctHublet}.hubapi.com`
        : 'The portal lives on another data centre: set hubspot.baseUrl to its API host';
    case 'timeout':
    case 'retryable':
      return 'HubSpot could not be reached or is failing: check hubspot.baseUrl and outbound network access, then test again';
    case 'rate-limited':
      return 'The app is rate-limited right now: test again in a few seconds';
    case 'rejected':
      return error.status === 404
        ? 'HubSpot does not serve this path: check hubspot.apiVersion and hubspot.baseUrl'
        : 'HubSpot refused the request: check hubspot.baseUrl and hubspot.apiVersion';
    default:
      return 'Check hubspot.baseUrl and hubspot.apiVersion';
  }
}
