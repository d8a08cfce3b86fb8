import type {
  HubSpotSettings,
  PeopleSoftSettings,
  ScheduleSettings,
  TerminatedPolicy,
} from './connection-settings';

/**
 * A partial change to a connection. Top-level groups merge field by field into what is stored,
 * except `sources`, which replaces the whole map (so an entity can be removed; an employee source
 * sent without `primaryEmplRcd` goes back to 'lowest'). A secret left
 * out keeps the stored one; `caCertPem: null` removes the CA.
 */
export interface ConnectionPatch {
  readonly name?: string;
  readonly enabled?: boolean;
  readonly peoplesoft?: Partial<Omit<PeopleSoftSettings, 'auth' | 'caCertPem'>> & {
    readonly caCertPem?: string | null;
    readonly auth?: PeopleSoftAuthPatch;
  };
  readonly hubspot?: Partial<HubSpotSettings> & { readonly accessToken?: string };
  readonly schedule?: ScheduleSettings;
  /** Replaces the full-sync schedule; null turns scheduled full syncs off. */
  readonly fullSyncSchedule?: ScheduleSettings | null;
  readonly mapping?: Record<string, unknown>;
  readonly terminatedPolicy?: TerminatedPolicy;
}

/** Auth as a whole; the password or client secret may be left out to keep the stored one. */
export type PeopleSoftAuthPatch =
  | { readonly type: 'basic'; readonly oprid: string; readonly password?: string }
  | {
      readonly type: 'oauth2';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret?: string;
      readonly scope?: string;
    };
