import { DEFAULT_SOURCES, type NewConnection } from '@ml/connections';

export interface FixtureEndpoints {
  readonly peoplesoftUrl: string;
  readonly hubspotUrl: string;
  readonly hubspotToken: string;
  readonly oprid?: string;
  readonly password?: string;
  readonly node?: string;
  readonly requestsPer10Seconds?: number;
  readonly cron?: string;
  readonly entities?: ReadonlyArray<keyof typeof DEFAULT_SOURCES>;
  readonly maxRows?: number;
}

/** A connection pointing at the simulators, as a user would create it. */
export function connectionFixture(name: string, e: FixtureEndpoints): NewConnection {
  const ps = new URL(e.peoplesoftUrl);
  const entities = e.entities ?? ['employee'];
  return {
    name,
    peoplesoft: {
      scheme: ps.protocol === 'https:' ? 'https' : 'http',
      host: ps.hostname,
      port: Number(ps.port),
      node: e.node ?? 'PSFT_HR',
      timeoutMs: 10_000,
      auth: {
        type: 'basic',
        oprid: e.oprid ?? 'ML_SYNC',
        password: e.password ?? 'ml-sync-password',
      },
      sources: Object.fromEntries(
        entities.map((entity) => [
          entity,
          { ...DEFAULT_SOURCES[entity], maxRows: e.maxRows ?? 5000 },
        ]),
      ),
      overlapSeconds: 300,
      defaultPhoneRegion: 'US',
    },
    hubspot: {
      baseUrl: e.hubspotUrl,
      apiVersion: '2026-09',
      requestsPer10Seconds: e.requestsPer10Seconds ?? 190,
      dailyLimit: 1_000_000,
      accessToken: e.hubspotToken,
    },
    schedule: { cron: e.cron ?? '*/2 * * * * *', timezone: 'UTC' },
  };
}
