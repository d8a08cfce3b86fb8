import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface OutboxMessage {
  readonly id: string;
  readonly messageId: string;
  readonly routingKey: string;
  /** The event's JSON as the poller serialised it, published as it is. */
  readonly payload: string;
  readonly headers: Record<string, string>;
}

/**
 * Claims outbox rows with FOR UPDATE SKIP LOCKED (ids commit out of order, so `id > last` would
 * skip rows) and deletes them in a transaction that commits only once the broker confirmed them.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `deliver` on up to `limit` rows; they stay queued unless it resolves. Returns the count. */
  async drain(
    limit: number,
    deliver: (messages: OutboxMessage[]) => Promise<void>,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // Claimed and deleted in one statement: the delete is undone with the transaction when
      // `deliver` rejects or the process dies before the commit. Wrapped in a SELECT for the
      // order (and because TypeORM answers a bare DELETE ... RETURNING with [rows, count]).
      const rows: Array<{
        id: string;
        message_id: string;
        routing_key: string;
        payload: string;
        headers: Record<string, string>;
      }> = await manager.query(
        `WITH claimed AS (
           DELETE FROM outbox
            WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING id, message_id, routing_key, payload, headers)
         SELECT * FROM claimed ORDER BY id`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await deliver(
        rows.map((r) => ({
          id: r.id,
          messageId: r.message_id,
          routingKey: r.routing_key,
          payload: r.payload,
          headers: r.headers,
        })),
      );
      return rows.length;
    });
  }

  async pendingCount(): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM outbox`,
    );
    return Number(rows[0]?.n ?? 0);
  }
}
