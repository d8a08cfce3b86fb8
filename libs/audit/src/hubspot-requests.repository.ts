import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface HubSpotRequestRow {
  readonly method: string;
  readonly path: string;
  readonly objectType: string | null;
  readonly batchSize: number | null;
  readonly status: number | null;
  readonly durationMs: number;
  readonly attempt: number;
  readonly correlationId: string | null;
  readonly rateLimit: Readonly<Record<string, number>> | null;
  readonly errorKind: string | null;
  readonly requestedAt: string;
}

/**
 * Writes the log of HubSpot requests, inside the writer's batch transaction: the calls a batch
 * made become durable with its outcomes, before its messages are acked.
 */
@Injectable()
export class HubSpotRequestsRepository {
  async write(
    manager: EntityManager,
    connectionId: string,
    rows: readonly HubSpotRequestRow[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO hubspot_requests
         (connection_id, method, path, object_type, batch_size, status, duration_ms, attempt,
          correlation_id, rate_limit, error_kind, requested_at)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[],
                                $7::float8[], $8::int[], $9::text[], $10::jsonb[], $11::text[],
                                $12::timestamptz[])`,
      [
        connectionId,
        rows.map((r) => r.method),
        rows.map((r) => r.path),
        rows.map((r) => r.objectType),
        rows.map((r) => r.batchSize),
        rows.map((r) => r.status),
        rows.map((r) => r.durationMs),
        rows.map((r) => r.attempt),
        rows.map((r) => r.correlationId),
        rows.map((r) => (r.rateLimit ? JSON.stringify(r.rateLimit) : null)),
        rows.map((r) => r.errorKind),
        rows.map((r) => r.requestedAt),
      ],
    );
  }
}
