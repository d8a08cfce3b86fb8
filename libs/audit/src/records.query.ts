import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AttemptOutcome, RecordStatus } from './audit-outcome';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  isIsoMicros,
  ISO_MICROS_SQL,
  type Page,
} from './keyset-cursor';
import { WhereBuilder } from './where-builder';

export interface RecordFilters {
  readonly connectionId?: string;
  readonly entity?: string;
  /** The record's current status. */
  readonly status?: RecordStatus;
  readonly sourceId?: string;
  readonly hubspotId?: string;
  /** Records with an attempt in this run (the next three narrow the same attempt). */
  readonly runId?: string;
  /** Records with an attempt that had this outcome. */
  readonly outcome?: AttemptOutcome;
  /** Records with an attempt at or after this instant… */
  readonly from?: Date;
  /** …and before this one. */
  readonly to?: Date;
  readonly limit: number;
  readonly cursor?: string;
}

export interface AttemptSummary {
  readonly outcome: AttemptOutcome;
  readonly runId: string | null;
  readonly errorCategory: string | null;
  readonly errorMessage: string | null;
  readonly attemptedAt: string;
}

export interface RecordRow {
  readonly id: string;
  readonly connectionId: string;
  readonly entity: string;
  readonly sourceId: string;
  readonly objectType: string;
  readonly hubspotId: string | null;
  readonly status: RecordStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastRunId: string | null;
  readonly sourceUpdatedAt: string | null;
  readonly syncedAt: string | null;
  readonly updatedAt: string;
  /** The most recent attempt still kept (older ones may have been pruned). */
  readonly lastAttempt: AttemptSummary | null;
}

export interface AttemptRow {
  readonly id: string;
  readonly runId: string | null;
  readonly eventId: string | null;
  readonly outcome: AttemptOutcome;
  readonly hubspotId: string | null;
  readonly payloadHash: string | null;
  readonly properties: Readonly<Record<string, string>> | null;
  readonly correlationId: string | null;
  readonly errorCategory: string | null;
  readonly errorMessage: string | null;
  readonly attemptedAt: string;
}

export interface RecordWithHistory extends RecordRow {
  /** Every attempt kept, newest first. */
  readonly history: AttemptRow[];
}

interface RawRecord {
  id: string;
  connection_id: string;
  entity: string;
  source_id: string;
  object_type: string;
  hubspot_id: string | null;
  status: RecordStatus;
  attempts: number;
  last_error: string | null;
  last_run_id: string | null;
  source_updated_at: string | null;
  synced_at: Date | null;
  updated_at: string;
  la_outcome: AttemptOutcome | null;
  la_run_id: string | null;
  la_error_category: string | null;
  la_error_message: string | null;
  la_attempted_at: Date | null;
}

const CURSOR_KIND = 'records';

const SELECT_RECORDS = `
  SELECT r.id, r.connection_id, r.entity, r.source_id, r.object_type, r.hubspot_id, r.status,
         r.attempts, r.last_error, r.last_run_id, r.source_updated_at, r.synced_at,
         ${ISO_MICROS_SQL('r.updated_at')} AS updated_at,
         la.outcome AS la_outcome, la.run_id AS la_run_id,
         la.error_category AS la_error_category, la.error_message AS la_error_message,
         la.attempted_at AS la_attempted_at
    FROM sync_records r
    LEFT JOIN LATERAL (
      SELECT outcome, run_id, error_category, error_message, attempted_at
        FROM sync_attempts WHERE record_id = r.id
       ORDER BY attempted_at DESC, id DESC LIMIT 1
    ) la ON TRUE`;

/** Read side of the audit trail: records with their current state, and their attempts. */
@Injectable()
export class RecordsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest activity first, keyset-paginated on (updated_at, id). */
  async list(filters: RecordFilters): Promise<Page<RecordRow>> {
    const where = new WhereBuilder()
      .add('r.connection_id = ?', filters.connectionId)
      .add('r.entity = ?', filters.entity)
      .add('r.status = ?', filters.status)
      .add('r.source_id = ?', filters.sourceId)
      .add('r.hubspot_id = ?', filters.hubspotId);
    const attempt = new AttemptConditions(where)
      .add('a.run_id = ?', filters.runId)
      .add('a.outcome = ?', filters.outcome)
      .add('a.attempted_at >= ?', filters.from)
      .add('a.attempted_at < ?', filters.to);
    attempt.apply();
    if (filters.cursor) {
      const [updatedAt, id] = decodeCursor(filters.cursor, CURSOR_KIND, 2);
      if (!updatedAt || !id || !isIsoMicros(updatedAt) || !isUuid(id)) {
        throw new InvalidCursorError();
      }
      where.raw(
        `(r.updated_at, r.id) < (${where.param(updatedAt)}::timestamptz, ${where.param(id)}::uuid)`,
      );
    }
    const limit = where.param(filters.limit + 1);
    const rows: RawRecord[] = await this.dataSource.query(
      `${SELECT_RECORDS} WHERE ${where.sql} ORDER BY r.updated_at DESC, r.id DESC LIMIT ${limit}`,
      where.params,
    );
    const items = rows.slice(0, filters.limit).map(toRecordRow);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > filters.limit && last
          ? encodeCursor(CURSOR_KIND, [last.updatedAt, last.id])
          : null,
    };
  }

  async get(id: string): Promise<RecordWithHistory | null> {
    const rows: RawRecord[] = await this.dataSource.query(`${SELECT_RECORDS} WHERE r.id = $1`, [
      id,
    ]);
    const row = rows[0];
    if (!row) return null;
    const attempts: Array<{
      id: string;
      run_id: string | null;
      event_id: string | null;
      outcome: AttemptOutcome;
      hubspot_id: string | null;
      payload_hash: string | null;
      properties: Record<string, string> | null;
      correlation_id: string | null;
      error_category: string | null;
      error_message: string | null;
      attempted_at: Date;
    }> = await this.dataSource.query(
      `SELECT id::text AS id, run_id, event_id, outcome, hubspot_id, payload_hash, properties,
              correlation_id, error_category, error_message, attempted_at
         FROM sync_attempts WHERE record_id = $1
        ORDER BY attempted_at DESC, id DESC`,
      [id],
    );
    return {
      ...toRecordRow(row),
      history: attempts.map((a) => ({
        id: a.id,
        runId: a.run_id,
        eventId: a.event_id,
        outcome: a.outcome,
        hubspotId: a.hubspot_id,
        payloadHash: a.payload_hash,
        properties: a.properties,
        correlationId: a.correlation_id,
        errorCategory: a.error_category,
        errorMessage: a.error_message,
        attemptedAt: a.attempted_at.toISOString(),
      })),
    };
  }
}

/** Conditions on one attempt of the record, combined into a single EXISTS. */
class AttemptConditions {
  private readonly conditions: string[] = [];

  constructor(private readonly where: WhereBuilder) {}

  add(sql: string, value: unknown): this {
    if (value !== undefined) this.conditions.push(sql.replaceAll('?', this.where.param(value)));
    return this;
  }

  apply(): void {
    if (this.conditions.length === 0) return;
    this.where.raw(
      `EXISTS (SELECT 1 FROM sync_attempts a WHERE a.record_id = r.id AND ${this.conditions.join(' AND ')})`,
    );
  }
}

function toRecordRow(r: RawRecord): RecordRow {
  return {
    id: r.id,
    connectionId: r.connection_id,
    entity: r.entity,
    sourceId: r.source_id,
    objectType: r.object_type,
    hubspotId: r.hubspot_id,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    lastRunId: r.last_run_id,
    sourceUpdatedAt: r.source_updated_at,
    syncedAt: r.synced_at ? r.synced_at.toISOString() : null,
    updatedAt: r.updated_at,
    lastAttempt:
      r.la_outcome && r.la_attempted_at
        ? {
            outcome: r.la_outcome,
            runId: r.la_run_id,
            errorCategory: r.la_error_category,
            errorMessage: r.la_error_message,
            attemptedAt: r.la_attempted_at.toISOString(),
          }
        : null,
  };
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
