import type { RequestAudit } from './request-audit';

export type HubSpotErrorKind =
  /** 429: wait (`retryAfterMs` when HubSpot said) and retry; `DAILY` means not before the reset. */
  | 'rate-limited'
  /** 400: the data was refused; whole-batch failures land here, with `propertyErrors`. */
  | 'validation'
  /** 401: the token is wrong, revoked or rotated. */
  | 'auth'
  /** 403: the token lacks a scope. */
  | 'forbidden'
  /** 5xx, HTML error pages, 423, 477, connection resets: pause and retry. */
  | 'retryable'
  /** No complete answer within `timeoutMs`; the write may or may not have happened. */
  | 'timeout'
  /** The portal lives on another hublet; `correctHublet` names it. */
  | 'wrong-hublet'
  /** A success status with a body that cannot be read as the API's JSON. */
  | 'bad-response'
  /** Any other 4xx (404 unknown version or path, 409, 413, 415): a request the client must change. */
  | 'rejected';

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY';

/** One entry of HubSpot's "Property values were not valid: [...]" list. */
export interface PropertyValidationError {
  name: string;
  error: string;
  message: string;
}

export interface HubSpotErrorInit {
  kind: HubSpotErrorKind;
  message: string;
  status?: number;
  category?: string;
  correlationId?: string;
  retryAfterMs?: number;
  policy?: RateLimitPolicy;
  correctHublet?: string;
  propertyErrors?: PropertyValidationError[];
  request?: RequestAudit;
}

export class HubSpotError extends Error {
  readonly kind: HubSpotErrorKind;
  readonly status: number | undefined;
  /** HubSpot's `category`, e.g. VALIDATION_ERROR, MISSING_SCOPES. */
  readonly category: string | undefined;
  readonly correlationId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly policy: RateLimitPolicy | undefined;
  readonly correctHublet: string | undefined;
  readonly propertyErrors: PropertyValidationError[];
  readonly request: RequestAudit | undefined;

  constructor(init: HubSpotErrorInit) {
    super(init.message);
    this.name = 'HubSpotError';
    this.kind = init.kind;
    this.status = init.status;
    this.category = init.category;
    this.correlationId = init.correlationId;
    this.retryAfterMs = init.retryAfterMs;
    this.policy = init.policy;
    this.correctHublet = init.correctHublet;
    this.propertyErrors = init.propertyErrors ?? [];
    this.request = init.request;
  }
}

/** Thrown before any request when a batch breaks a rule HubSpot would reject it for. */
export class InvalidBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBatchError';
  }
}

export interface PropertyMismatch {
  name: string;
  problem: string;
}

/**
 * Thrown by `ensureProperties` after it has created what was missing, when existing properties
 * cannot serve their definitions; `mismatches` lists every one, not just the first.
 */
export class PropertyMismatchError extends Error {
  readonly propertyName: string;

  constructor(
    readonly objectType: string,
    readonly mismatches: readonly PropertyMismatch[],
  ) {
    super(`HubSpot ${objectType}: ${mismatches.map((mismatch) => mismatch.problem).join('; ')}`);
    this.name = 'PropertyMismatchError';
    this.propertyName = mismatches[0]?.name ?? '';
  }
}
