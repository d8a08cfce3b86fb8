import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface OutboxMessage {
  readonly id: string;
  readonly messageId: string;
  readonly routingKey: string;
  readonly payload: object;
  readonly headers: Record<string, string>;
}

/**
 * Claims outbox rows with FOR UPDATE SKIP LOCKED (ids commit out of order, so `id > last` would
 * skip rows) and deletes them only in the transaction that saw them confirmed by the broker.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `deliver` on up to `limit` rows; deletes them only if it resolves. Returns the count. */
  async drain(
    limit: number,
    deliver: (messages: OutboxMessage[]) => Promise<void>,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{
        id: string;
        message_id: string;
        routing_key: string;
        payload: object;
        headers: Record<string, string>;
      }> = await manager.query(
        `SELECT id, message_id, routing_key, payload, headers FROM outbox
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
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
      await manager.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
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
