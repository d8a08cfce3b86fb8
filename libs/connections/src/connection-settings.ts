import type { PrimaryEmplRcd } from '@ml/mapping';
import type { PeopleSoftSource } from '@ml/peoplesoft';

/** How one entity is read from PeopleSoft: a PS Query, or a custom provider REST operation. */
export type SourceSettings = PeopleSoftSource;

/** The employee source also says which employment record of a person becomes the contact. */
export type EmployeeSourceSettings = SourceSettings & {
  /** 'lowest' (the default when absent), 'highest' or a fixed EMPL_RCD: see PrimaryEmplRcd. */
  readonly primaryEmplRcd?: PrimaryEmplRcd;
};

/** The entities polled, each with its source. */
export interface SourcesSettings {
  readonly employee?: EmployeeSourceSettings;
  readonly vendor?: SourceSettings;
  readonly customer?: SourceSettings;
}

export type PeopleSoftAuthPublic =
  | { readonly type: 'basic'; readonly oprid: string }
  | {
      readonly type: 'oauth2';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly scope?: string;
    };

/** PeopleSoft settings as stored in clear: everything but the password or client secret. */
export interface PeopleSoftSettings {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly node: string;
  readonly pathPrefix?: string;
  readonly timeoutMs: number;
  readonly caCertPem?: string;
  readonly auth: PeopleSoftAuthPublic;
  /** Only the entities listed here are polled. */
  readonly sources: SourcesSettings;
  /** Seconds subtracted from the watermark on each poll, to catch rows committed late. */
  readonly overlapSeconds: number;
  /** Region for phone numbers written without a country code (E.164 normalisation). */
  readonly defaultPhoneRegion: string;
}

export interface HubSpotSettings {
  readonly baseUrl: string;
  readonly apiVersion: string;
  readonly requestsPer10Seconds: number;
  readonly dailyLimit: number;
}

export interface ScheduleSettings {
  readonly cron: string;
  readonly timezone: string;
}

export type TerminatedPolicy = 'set-status' | 'archive';

/** A connection with its secrets decrypted: only ever held in memory by the poller and writer. */
export interface ConnectionWithSecrets {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly peoplesoft: PeopleSoftSettings;
  /** The Basic-auth password or the OAuth2 client secret. */
  readonly peoplesoftSecret: string;
  readonly hubspot: HubSpotSettings;
  readonly hubspotToken: string;
  readonly schedule: ScheduleSettings;
  /** When a full sync (re-read everything, send what HubSpot lacks) is queued; null: never. */
  readonly fullSyncSchedule: ScheduleSettings | null;
  readonly mapping: Readonly<Record<string, unknown>>;
  readonly terminatedPolicy: TerminatedPolicy;
  /** Why writing is stopped until someone acts (a revoked token); null when all is well. */
  readonly attention: string | null;
}

export const DEFAULT_SOURCES: Readonly<Required<SourcesSettings>> = {
  employee: {
    kind: 'query',
    queryName: 'ML_EMPLOYEES',
    visibility: 'public',
    fromPrompt: 'FROM_DTTM',
    toPrompt: 'TO_DTTM',
    maxRows: 5000,
    primaryEmplRcd: 'lowest',
  },
  vendor: {
    kind: 'query',
    queryName: 'ML_VENDORS',
    visibility: 'public',
    fromPrompt: 'FROM_DTTM',
    toPrompt: 'TO_DTTM',
    maxRows: 5000,
  },
  customer: {
    kind: 'query',
    queryName: 'ML_CUSTOMERS',
    visibility: 'public',
    fromPrompt: 'FROM_DTTM',
    toPrompt: 'TO_DTTM',
    maxRows: 5000,
  },
};
