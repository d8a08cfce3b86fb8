/** `v3` selects the numbered paths, which lose support in September 2027. */
export type ApiVersion = 'v3' | `${number}-${'03' | '09'}`;

export interface HubSpotSettings {
  /** Defaults to https://api.hubapi.com; EU portals may use https://api-eu1.hubapi.com. */
  baseUrl?: string;
  /** A private-app token (`pat-na1-…`) or a service key; both go in the bearer header. */
  accessToken: string;
  /** Defaults to 2026-09. */
  apiVersion?: ApiVersion | string;
  /** Whole-request limit, connection to last body byte. Defaults to 30 s. */
  timeoutMs?: number;
}

export interface ResolvedHubSpotSettings {
  origin: string;
  /** A path prefix from `baseUrl` (usually empty), without trailing slash. */
  basePath: string;
  accessToken: string;
  apiVersion: ApiVersion;
  timeoutMs: number;
}

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';
export const DEFAULT_API_VERSION: ApiVersion = '2026-09';
export const DEFAULT_TIMEOUT_MS = 30_000;

const VERSION_PATTERN = /^(?:v3|\d{4}-(?:03|09))$/;

export function isApiVersion(value: string): value is ApiVersion {
  return VERSION_PATTERN.test(value);
}

/** Checks and completes the settings; messages never include the token. */
export function resolveSettings(settings: HubSpotSettings): ResolvedHubSpotSettings {
  if (typeof settings.accessToken !== 'string' || settings.accessToken.trim() === '') {
    throw new TypeError('HubSpot settings: accessToken is required');
  }
  if (/\s/.test(settings.accessToken)) {
    throw new TypeError('HubSpot settings: accessToken must not contain white space');
  }
  const apiVersion = settings.apiVersion ?? DEFAULT_API_VERSION;
  if (!isApiVersion(apiVersion)) {
    throw new TypeError(
      `HubSpot settings: apiVersion ${apiVersion} is not v3 or a YYYY-03/YYYY-09 release`,
    );
  }
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError('HubSpot settings: timeoutMs must be a positive number');
  }
  let url: URL;
  try {
    url = new URL(settings.baseUrl ?? DEFAULT_BASE_URL);
  } catch {
    throw new TypeError(`HubSpot settings: baseUrl ${settings.baseUrl ?? ''} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('HubSpot settings: baseUrl must be http or https');
  }
  return {
    origin: url.origin,
    basePath: url.pathname.replace(/\/+$/, ''),
    accessToken: settings.accessToken,
    apiVersion,
    timeoutMs,
  };
}
