export interface BasicAuthSettings {
  readonly type: 'basic';
  readonly oprid: string;
  readonly password: string;
}

export interface OAuth2Settings {
  readonly type: 'oauth2';
  /** The identity provider's token endpoint (IDCS, Azure AD, Okta, Ping...), not PeopleSoft. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
  /** How the client authenticates to the token endpoint; HTTP Basic unless the provider wants the body. */
  readonly clientAuth?: 'basic' | 'body';
}

export interface PeopleSoftSettings {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  /** Default local node of the PeopleSoft database (delivered PSFT_HR, PSFT_EP, PSFT_CS). */
  readonly node: string;
  /** The path before `/{NODE}`; defaults to `/PSIGW/RESTListeningConnector`. */
  readonly pathPrefix?: string;
  /** Budget for one HTTP exchange: connect, headers and body. */
  readonly timeoutMs: number;
  /** The customer's CA (PEM), trusted in addition to the public roots. */
  readonly caCertPem?: string;
  readonly auth: BasicAuthSettings | OAuth2Settings;
}

/** Runs a PS Query through the Query Access Service (QAS_EXECUTEQRY_REST_GET). */
export interface QuerySource {
  readonly kind: 'query';
  readonly queryName: string;
  readonly visibility: 'public' | 'private';
  /** Unique prompt names of the LASTUPDDTTM window, e.g. FROM_DTTM / TO_DTTM. */
  readonly fromPrompt: string;
  readonly toPrompt: string;
  readonly maxRows: number;
  /**
   * Optional date prompts on EFFDT (ML_EMPLOYEES: EFFDT_FROM / EFFDT_TO). Sent only when the
   * window carries effectiveFrom/effectiveTo; the query then also returns rows taking effect then.
   */
  readonly effectiveDatePrompts?: { readonly fromPrompt: string; readonly toPrompt: string };
  /** Normalised column names every row must carry with a value; others are row errors. */
  readonly requiredColumns?: readonly string[];
}

/** A customer's own provider REST operation taking the window in its URI template. */
export interface OperationSource {
  readonly kind: 'operation';
  /** `<alias>.<version>`, e.g. ML_EMPL_CHANGES.v1. */
  readonly alias: string;
  /** With `{from}`, `{to}` and optionally `{maxRows}`, e.g. `changes/{from}/{to}?maxrows={maxRows}`. */
  readonly uriTemplate: string;
  readonly maxRows: number;
  /** Service operation name, only used to word hints (e.g. ML_EMPL_CHANGES_GET). */
  readonly serviceOperation?: string;
  readonly requiredColumns?: readonly string[];
}

export type PeopleSoftSource = QuerySource | OperationSource;

/**
 * A window in PeopleSoft's own time: LASTUPDDTTM bounds as PeopleSoft timestamps
 * (YYYY-MM-DD-HH.MM.SS.ffffff), inclusive; optional EFFDT bounds as dates (YYYY-MM-DD).
 */
export interface FetchWindow {
  readonly from: string;
  readonly to: string;
  readonly effectiveFrom?: string;
  readonly effectiveTo?: string;
}

/** A row with record aliases stripped and CHAR padding trimmed; every value is text. */
export type PeopleSoftRow = Readonly<Record<string, string>>;

export interface RowError {
  readonly rowNumber: number;
  readonly reason: string;
}

export interface FetchWindowResult {
  readonly rows: PeopleSoftRow[];
  /** Rows in the answer, malformed ones included: the number to compare with maxRows. */
  readonly rowCount: number;
  /** maxRows reached: PeopleSoft truncates silently, so more rows may exist in the window. */
  readonly truncated: boolean;
  readonly rowErrors: RowError[];
}

export const DEFAULT_PATH_PREFIX = '/PSIGW/RESTListeningConnector';
export const QAS_SERVICE_OPERATION = 'QAS_EXECUTEQRY_REST_GET';
