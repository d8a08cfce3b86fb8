import { DEFAULT_PRIMARY_EMPL_RCD } from '@ml/mapping';
import type {
  HubSpotSettings,
  PeopleSoftSettings,
  ScheduleSettings,
  SourcesSettings,
  TerminatedPolicy,
} from './connection-settings';
import type { ConnectionEntity } from './connection.entity';

/** What the API shows of a secret: that it is set, and its last 4 characters when it is long. */
export interface SecretStatus {
  readonly set: true;
  /** Null for secrets of 8 characters or fewer, whose last 4 would give too much away. */
  readonly last4: string | null;
}

export type PeopleSoftAuthView =
  | { readonly type: 'basic'; readonly oprid: string; readonly password: SecretStatus }
  | {
      readonly type: 'oauth2';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly scope?: string;
      readonly clientSecret: SecretStatus;
    };

export interface ConnectionView {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly peoplesoft: Omit<PeopleSoftSettings, 'auth'> & { readonly auth: PeopleSoftAuthView };
  readonly hubspot: HubSpotSettings & { readonly accessToken: SecretStatus };
  readonly schedule: ScheduleSettings;
  readonly fullSyncSchedule: ScheduleSettings | null;
  readonly mapping: Readonly<Record<string, unknown>>;
  readonly terminatedPolicy: TerminatedPolicy;
  /** Why writing stopped and a human must act (revoked token...), or null. */
  readonly attention: string | null;
  readonly nextRunAt: string;
  /** When the next scheduled full sync is queued; null without a full-sync schedule. */
  readonly nextFullSyncAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The public view of a stored connection. Fields are copied one by one, never spread, so nothing
 * stored beside the settings (secret hints, a future field) can reach a response by accident.
 */
export function toConnectionView(row: ConnectionEntity): ConnectionView {
  const ps = row.peoplesoft;
  const secret = (hint: string | undefined): SecretStatus => ({ set: true, last4: hint || null });
  const psSecret = secret(ps.secretHint);
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    peoplesoft: {
      scheme: ps.scheme,
      host: ps.host,
      port: ps.port,
      node: ps.node,
      ...(ps.pathPrefix !== undefined ? { pathPrefix: ps.pathPrefix } : {}),
      timeoutMs: ps.timeoutMs,
      ...(ps.caCertPem !== undefined ? { caCertPem: ps.caCertPem } : {}),
      auth:
        ps.auth.type === 'basic'
          ? { type: 'basic', oprid: ps.auth.oprid, password: psSecret }
          : {
              type: 'oauth2',
              tokenUrl: ps.auth.tokenUrl,
              clientId: ps.auth.clientId,
              ...(ps.auth.scope !== undefined ? { scope: ps.auth.scope } : {}),
              clientSecret: psSecret,
            },
      sources: copySources(ps.sources),
      overlapSeconds: ps.overlapSeconds,
      defaultPhoneRegion: ps.defaultPhoneRegion,
    },
    hubspot: {
      baseUrl: row.hubspot.baseUrl,
      apiVersion: row.hubspot.apiVersion,
      requestsPer10Seconds: row.hubspot.requestsPer10Seconds,
      dailyLimit: row.hubspot.dailyLimit,
      accessToken: secret(row.hubspot.secretHint),
    },
    schedule: { cron: row.schedule.cron, timezone: row.schedule.timezone },
    fullSyncSchedule: row.fullSyncSchedule
      ? { cron: row.fullSyncSchedule.cron, timezone: row.fullSyncSchedule.timezone }
      : null,
    mapping: row.mapping,
    terminatedPolicy: row.terminatedPolicy,
    attention: row.attention,
    nextRunAt: row.nextRunAt.toISOString(),
    nextFullSyncAt: row.nextFullSyncAt ? row.nextFullSyncAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The sources as stored; the employee source always says which EMPL_RCD it takes. */
function copySources(sources: SourcesSettings): SourcesSettings {
  const { employee, vendor, customer } = sources;
  return {
    ...(employee
      ? {
          employee: {
            ...employee,
            primaryEmplRcd: employee.primaryEmplRcd ?? DEFAULT_PRIMARY_EMPL_RCD,
          },
        }
      : {}),
    ...(vendor ? { vendor: { ...vendor } } : {}),
    ...(customer ? { customer: { ...customer } } : {}),
  };
}
