import type { RequestAudit } from './request-audit';

export const MAX_BATCH_INPUTS = 100;

export interface BatchUpsertInput {
  /** The value of `idProperty` that identifies the record. */
  id: string;
  idProperty: string;
  properties: Record<string, string>;
  /**
   * Unique within the batch; lets HubSpot attribute per-input errors (207) and the client match
   * results. The client assigns a random one when absent; outcomes report the one sent.
   */
  objectWriteTraceId?: string;
}

/** An input as sent: every one carries a trace id. */
export type TracedUpsertInput = BatchUpsertInput & { objectWriteTraceId: string };

export type UpsertInputOutcome =
  | {
      ok: true;
      id: string;
      objectWriteTraceId: string;
      hubspotId: string;
      created: boolean;
    }
  | {
      ok: false;
      id: string;
      objectWriteTraceId: string;
      /** HubSpot's category, or UNACCOUNTED when a 2xx said nothing about this input. */
      category: string;
      message: string;
      correlationId: string | undefined;
    };

export interface BatchUpsertOutcome {
  /** 200 or 207. */
  status: number;
  /** One entry per input, in input order. */
  inputs: UpsertInputOutcome[];
  succeeded: number;
  failed: number;
  request: RequestAudit;
}

export const UNACCOUNTED = 'UNACCOUNTED';
