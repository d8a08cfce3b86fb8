import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PruneReport {
  readonly attempts: number;
  readonly requests: number;
}

export const DEFAULT_PRUNE_BATCH = 5_000;

/**
 * Deletes audit rows older than a cutoff: sync_attempts and hubspot_requests. Each statement
 * deletes at most `batchSize` rows in its own short transaction, skipping rows another pruner
 * holds, so neither the writers nor a second API replica wait behind a long lock. The current
 * state of each record (sync_records) is kept.
 */
@Injectable()
export class AuditRetention {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async prune(olderThan: Date, batchSize = DEFAULT_PRUNE_BATCH): Promise<PruneReport> {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError('batchSize must be a positive integer');
    }
    return {
      attempts: await this.pruneTable('sync_attempts', 'attempted_at', olderThan, batchSize),
      requests: await this.pruneTable('hubspot_requests', 'requested_at', olderThan, batchSize),
    };
  }

  private async pruneTable(
    table: 'sync_attempts' | 'hubspot_requests',
    column: 'attempted_at' | 'requested_at',
    olderThan: Date,
    batchSize: number,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const rows: Array<{ n: number }> = await this.dataSource.query(
        `WITH doomed AS (
           SELECT id FROM ${table} WHERE ${column} < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
         ), deleted AS (
           DELETE FROM ${table} t USING doomed WHERE t.id = doomed.id RETURNING 1
         )
         SELECT count(*)::int AS n FROM deleted`,
        [olderThan, batchSize],
      );
      const deleted = rows[0]?.n ?? 0;
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
