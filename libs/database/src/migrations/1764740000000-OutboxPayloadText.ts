import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox keeps each event as the JSON text the poller serialised, and the relay publishes
 * those bytes as they are. As jsonb, every event was parsed by Postgres on insert, printed back
 * on select, parsed by node-pg and serialised again to publish, for a value nobody queries.
 * Rows queued before the change keep jsonb's printed form (spaces after ':' and ','): the same
 * JSON value.
 */
export class OutboxPayloadText1764740000000 implements MigrationInterface {
  name = 'OutboxPayloadText1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE text USING payload::text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
  }
}
