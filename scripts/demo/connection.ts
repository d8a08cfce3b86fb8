import type { AdminClient, ConnectionTestReport, ConnectionView } from './admin-client';
import { say } from './console-ui';
import { DEMO_CREDENTIALS, DEMO_REQUESTS_PER_10S } from './simulators';

export interface Endpoints {
  readonly peoplesoftUrl: string;
  readonly hubspotUrl: string;
}

const QUERIES = { employee: 'ML_EMPLOYEES', vendor: 'ML_VENDORS', customer: 'ML_CUSTOMERS' };

/** The demo connection as a user would POST it: the simulators, every entity, the schedule. */
function connectionBody(name: string, endpoints: Endpoints, cron: string) {
  const ps = new URL(endpoints.peoplesoftUrl);
  return {
    name,
    enabled: true,
    peoplesoft: {
      scheme: 'http',
      host: ps.hostname,
      port: Number(ps.port),
      node: DEMO_CREDENTIALS.node,
      timeoutMs: 30_000,
      auth: { type: 'basic', oprid: DEMO_CREDENTIALS.oprid, password: DEMO_CREDENTIALS.password },
      sources: Object.fromEntries(
        Object.entries(QUERIES).map(([entity, queryName]) => [
          entity,
          { kind: 'query', queryName, maxRows: 5000 },
        ]),
      ),
      overlapSeconds: 300,
      defaultPhoneRegion: 'US',
    },
    hubspot: {
      accessToken: DEMO_CREDENTIALS.hubspotToken,
      baseUrl: endpoints.hubspotUrl,
      apiVersion: '2026-09',
      requestsPer10Seconds: DEMO_REQUESTS_PER_10S,
      dailyLimit: 1_000_000,
    },
    schedule: { cron, timezone: 'UTC' },
  };
}

/**
 * Creates the demo connection, or reuses the one of that name: its endpoints, credentials and
 * schedule are set again (the ports may differ from last time, and a fresh token clears a
 * "needs attention" state left by an earlier session).
 */
export async function createOrReuseConnection(
  admin: AdminClient,
  name: string,
  endpoints: Endpoints,
  cron: string,
): Promise<{ connection: ConnectionView; reused: boolean }> {
  const body = connectionBody(name, endpoints, cron);
  const existing = (await admin.get<ConnectionView[]>('/connections')).find((c) => c.name === name);
  if (!existing) {
    return { connection: await admin.post<ConnectionView>('/connections', body), reused: false };
  }
  const { name: _name, ...patch } = body;
  void _name;
  const connection = await admin.patch<ConnectionView>(`/connections/${existing.id}`, patch);
  return { connection, reused: true };
}

/** POST /connections/:id/test, printed one check per line. */
export async function testConnection(
  admin: AdminClient,
  connectionId: string,
): Promise<ConnectionTestReport> {
  const report = await admin.post<ConnectionTestReport>(`/connections/${connectionId}/test`);
  const width = Math.max(...report.checks.map((c) => c.name.length));
  for (const check of report.checks) {
    const tag = check.status === 'ok' ? '[ ok ]' : check.status === 'failed' ? '[FAIL]' : '[skip]';
    const latency = check.latencyMs === null ? '' : ` (${check.latencyMs} ms)`;
    say(`  ${tag} ${check.name.padEnd(width)}  ${check.detail}${latency}`);
    if (check.status === 'failed' && check.hint) say(`         fix: ${check.hint}`);
  }
  return report;
}
