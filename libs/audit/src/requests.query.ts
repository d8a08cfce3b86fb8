import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  isIsoMicros,
  ISO_MICROS_SQL,
  type Page,
} from './keyset-cursor';
import { WhereBuilder } from './where-builder';

export interface RequestFilters {
  readonly connectionId?: string;
  readonly method?: string;
  readonly objectType?: string;
  /** HTTP status HubSpot answered (429 for rate-limited requests). */
  readonly status?: number;
  readonly errorKind?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  readonly cursor?: string;
}

export interface HubSpotRequestView {
  readonly id: string;
  readonly connectionId: string;
  readonly method: string;
  readonly path: string;
  readonly objectType: string | null;
  readonly batchSize: number | null;
  /** Null when no answer arrived (time-out, connection failure). */
  readonly status: number | null;
  readonly durationMs: number;
  readonly attempt: number;
  readonly correlationId: string | null;
  readonly rateLimit: Readonly<Record<string, number>> | null;
  readonly errorKind: string | null;
  readonly requestedAt: string;
}

const CURSOR_KIND = 'requests';

/** Read side of hubspot_requests: every HubSpot request and retry the writers made. */
@Injectable()
export class RequestsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first, keyset-paginated on (requested_at, id). */
  async list(filters: RequestFilters): Promise<Page<HubSpotRequestView>> {
    const where = new WhereBuilder()
      .add('connection_id = ?', filters.connectionId)
      .add('method = ?', filters.method)
      .add('object_type = ?', filters.objectType)
      .add('status = ?', filters.status)
      .add('error_kind = ?', filters.errorKind)
      .add('requested_at >= ?', filters.from)
      .add('requested_at < ?', filters.to);
    if (filters.cursor) {
      const [requestedAt, id] = decodeCursor(filters.cursor, CURSOR_KIND, 2);
      if (!requestedAt || !id || !isIsoMicros(requestedAt) || !/^\d{1,19}$/.test(id)) {
        throw new InvalidCursorError();
      }
      where.raw(
        `(requested_at, id) < (${where.param(requestedAt)}::timestamptz, ${where.param(id)}::bigint)`,
      );
    }
    const limit = where.param(filters.limit + 1);
    const rows: Array<{
      id: string;
      connection_id: string;
      method: string;
      path: string;
      object_type: string | null;
      batch_size: number | null;
      status: number | null;
      duration_ms: number;
      attempt: number;
      correlation_id: string | null;
      rate_limit: Record<string, number> | null;
      error_kind: string | null;
      requested_at: string;
    }> = await this.dataSource.query(
      `SELECT id::text AS id, connection_id, method, path, object_type, batch_size, status,
              duration_ms, attempt, correlation_id, rate_limit, error_kind,
              ${ISO_MICROS_SQL('requested_at')} AS requested_at
         FROM hubspot_requests
        WHERE ${where.sql}
        ORDER BY requested_at DESC, id DESC
        LIMIT ${limit}`,
      where.params,
    );
    const items = rows.slice(0, filters.limit).map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      method: r.method,
      path: r.path,
      objectType: r.object_type,
      batchSize: r.batch_size,
      status: r.status,
      durationMs: r.duration_ms,
      attempt: r.attempt,
      correlationId: r.correlation_id,
      rateLimit: r.rate_limit,
      errorKind: r.error_kind,
      requestedAt: r.requested_at,
    }));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > filters.limit && last
          ? encodeCursor(CURSOR_KIND, [last.requestedAt, last.id])
          : null,
    };
  }
}
