import type { HubSpotObjectType } from '@ml/messaging';

export interface UpsertInput {
  readonly id: string;
  readonly idProperty: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly objectWriteTraceId: string;
}

export type InputResult =
  | { readonly ok: true; readonly hubspotId: string; readonly created: boolean }
  | {
      readonly ok: false;
      readonly category: string;
      readonly message: string;
      readonly correlationId: string | null;
      /** HubSpot did not mention this input at all: worth retrying, not the record's fault. */
      readonly unaccounted: boolean;
    };

/** Why a whole call failed, reduced to what the writer decides on. */
export type WriteFailureKind =
  'validation' | 'rate-limited' | 'daily-limit' | 'retryable' | 'auth' | 'fatal';

/** One HTTP exchange with HubSpot, as the audit trail keeps it (never a token or a body). */
export interface HubSpotRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly objectType: HubSpotObjectType;
  readonly batchSize: number;
  /** Null when no answer arrived (time-out, connection failure). */
  readonly status: number | null;
  readonly durationMs: number;
  readonly correlationId: string | null;
  readonly rateLimit: Readonly<Record<string, number>> | null;
  readonly errorKind: string | null;
  readonly requestedAt: string;
}

export class HubSpotWriteFailure extends Error {
  override name = 'HubSpotWriteFailure';
  constructor(
    readonly kind: WriteFailureKind,
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly correlationId: string | null = null,
    readonly category: string | null = null,
    /** The request that failed, when one was sent. */
    readonly request: HubSpotRequestRecord | null = null,
  ) {
    super(message);
  }
}

export interface UpsertAnswer {
  /** Keyed by objectWriteTraceId. */
  readonly results: ReadonlyMap<string, InputResult>;
  readonly request: HubSpotRequestRecord;
}

/** What the writer needs from HubSpot; the adapter over @ml/hubspot implements it. */
export interface HubSpotWritePort {
  /** Throws HubSpotWriteFailure for whole-call failures. */
  upsert(objectType: HubSpotObjectType, inputs: readonly UpsertInput[]): Promise<UpsertAnswer>;
  /** Creates the connector's property group and properties when missing (idempotent). */
  ensureProperties(objectType: HubSpotObjectType): Promise<void>;
  /**
   * Archives up to 100 objects by HubSpot id (the terminated-policy `archive`); archiving an
   * archived object again is harmless. Throws HubSpotWriteFailure.
   */
  archive?(
    objectType: HubSpotObjectType,
    hubspotIds: readonly string[],
  ): Promise<HubSpotRequestRecord>;
}
