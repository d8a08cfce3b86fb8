import type { FaultSettings, PartialFailureMode } from './faults';
import type { SimObjectType } from './property-model';
import type { TokenSpec } from './token-registry';
import type { ArchivedUpsertMode } from './object-store';

/** A fixed, recognisable token for demos; never a real credential. */
export const DEFAULT_SIM_TOKEN = 'pat-na1-00000000-0000-4000-8000-000000000000';

export interface HubSpotSimulatorOptions {
  /** Accepted bearer tokens (private-app tokens or service keys). Each token is its own app. */
  tokens?: readonly (string | TokenSpec)[];
  /** Per app, per rolling ten seconds (Professional/Enterprise: 190). */
  requestsPer10s?: number;
  /** Per account and day, resetting at midnight in `timeZone`. */
  dailyLimit?: number;
  /** Drives result shuffling and fault draws, so runs can be replayed. */
  seed?: number;
  portalId?: number;
  timeZone?: string;
  dataHostingLocation?: string;
  uiDomain?: string;
  /** Dated API versions served (`/crm/objects/{version}/...`); others answer 404. */
  apiVersions?: readonly string[];
  faults?: Partial<FaultSettings>;
  /** Shorthand for `faults.partialFailureMode`. */
  partialFailureMode?: PartialFailureMode;
  /** Send `Retry-After` on real rate-limit answers; HubSpot does not promise it. */
  retryAfterOnRateLimit?: boolean;
  /**
   * The properties that identify a record for the duplicate report. Defaults to every custom
   * `hasUniqueValue` property of the type.
   */
  identityProperties?: Partial<Record<SimObjectType, readonly string[]>>;
  /** What an upsert does with a unique id held only by an archived object (default restore). */
  archivedUpsertMode?: ArchivedUpsertMode;
  /** Merges create a new record both old ids resolve to (HubSpot's newer behaviour). */
  mergeCreatesNewRecord?: boolean;
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** Clock for the rate limits and timestamps; tests pass a fake one. */
  now?: () => number;
}

export const SIMULATOR_DEFAULTS = {
  requestsPer10s: 190,
  dailyLimit: 1_000_000,
  seed: 1,
  portalId: 24_681_357,
  timeZone: 'US/Eastern',
  dataHostingLocation: 'na1',
  uiDomain: 'app.hubspot.com',
  apiVersions: ['2026-03', '2026-09'],
  host: '127.0.0.1',
} as const;
