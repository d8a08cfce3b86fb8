import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Per-record locks shared by every writer replica: transaction-scoped Postgres advisory locks,
 * held from reading a record's synced state to committing its outcome. Without them two
 * replicas holding versions 4 and 5 of one employee could both read "HubSpot has 3", both
 * send, and leave HubSpot with whichever request landed last.
 */
@Injectable()
export class RecordLocks {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async withLocks<T>(
    keys: readonly string[],
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      // Taken in one sorted order by everyone, so two batches sharing records cannot deadlock.
      await manager.query(
        `SELECT pg_advisory_xact_lock(k)
           FROM (SELECT DISTINCT hashtextextended(x, 0) AS k FROM unnest($1::text[]) AS x ORDER BY 1) AS s`,
        [keys],
      );
      return work(manager);
    });
  }
}
