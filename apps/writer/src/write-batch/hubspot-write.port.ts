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

export class HubSpotWriteFailure extends Error {
  override name = 'HubSpotWriteFailure';
  constructor(
    readonly kind: WriteFailureKind,
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly correlationId: string | null = null,
    readonly category: string | null = null,
  ) {
    super(message);
  }
}

/** What the writer needs from HubSpot; the adapter over @ml/hubspot implements it. */
export interface HubSpotWritePort {
  /** Results keyed by objectWriteTraceId; throws HubSpotWriteFailure for whole-call failures. */
  upsert(
    objectType: HubSpotObjectType,
    inputs: readonly UpsertInput[],
  ): Promise<ReadonlyMap<string, InputResult>>;
  /** Creates the connector's property group and properties when missing (idempotent). */
  ensureProperties(objectType: HubSpotObjectType): Promise<void>;
}
