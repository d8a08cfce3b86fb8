import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RecordStatus } from './audit-outcome';
import { WhereBuilder } from './where-builder';

/** Which records to replay: by id, every record a run touched, or a connection's by status. */
export type ReplaySelection =
  | { readonly kind: 'records'; readonly recordIds: readonly string[] }
  | { readonly kind: 'run'; readonly runId: string }
  | { readonly kind: 'connection'; readonly connectionId: string };

export interface ReplayNarrowing {
  /** Only records whose current status is this one. */
  readonly status?: RecordStatus;
  /** Only records whose state changed at or after this instant. */
  readonly since?: Date;
}

export interface ReplayTarget {
  readonly recordId: string;
  readonly connectionId: string;
  readonly entity: string;
  readonly sourceId: string;
}

/** Resolves a replay request to the PeopleSoft ids to read again. */
@Injectable()
export class ReplayTargetsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** At most `limit` targets, ordered by connection, entity and source id. */
  async resolve(
    selection: ReplaySelection,
    narrowing: ReplayNarrowing,
    limit: number,
  ): Promise<ReplayTarget[]> {
    const where = new WhereBuilder();
    switch (selection.kind) {
      case 'records':
        where.add('r.id = ANY(?::uuid[])', selection.recordIds);
        break;
      case 'connection':
        where.add('r.connection_id = ?', selection.connectionId);
        break;
      case 'run': {
        // The record's last run, or any attempt of the run still kept.
        const run = where.param(selection.runId);
        where.raw(
          `(r.last_run_id = ${run} OR r.id IN (SELECT a.record_id FROM sync_attempts a WHERE a.run_id = ${run}))`,
        );
        break;
      }
    }
    where.add('r.status = ?', narrowing.status).add('r.updated_at >= ?', narrowing.since);
    const rows: Array<{ id: string; connection_id: string; entity: string; source_id: string }> =
      await this.dataSource.query(
        `SELECT r.id, r.connection_id, r.entity, r.source_id FROM sync_records r
          WHERE ${where.sql}
          ORDER BY r.connection_id, r.entity, r.source_id
          LIMIT ${where.param(limit)}`,
        where.params,
      );
    return rows.map((r) => ({
      recordId: r.id,
      connectionId: r.connection_id,
      entity: r.entity,
      sourceId: r.source_id,
    }));
  }
}
