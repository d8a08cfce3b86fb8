import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared HubSpot budget becomes a sliding-window log: each portal's row keeps the times of
 * the grants still inside its window (at most `capacity` of them) instead of a token count. A
 * token bucket of burst B refilling r/s has to keep B + 10r within the limit, so its steady rate
 * stays below the limit by the burst; the log allows exactly `capacity` grants in any window and
 * lends a lull's unused requests to the backlog that follows it.
 */
export class RateLimitWindow1764730000000 implements MigrationInterface {
  name = 'RateLimitWindow1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE hubspot_rate_buckets
        ADD COLUMN window_ms double precision NOT NULL DEFAULT 10250,
        ADD COLUMN grants timestamptz[] NOT NULL DEFAULT '{}',
        DROP COLUMN refill_per_second,
        DROP COLUMN tokens,
        DROP COLUMN refilled_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE hubspot_rate_buckets
        ADD COLUMN refill_per_second double precision NOT NULL DEFAULT 1,
        ADD COLUMN tokens double precision NOT NULL DEFAULT 0,
        ADD COLUMN refilled_at timestamptz NOT NULL DEFAULT clock_timestamp()`);
    await q.query(
      `UPDATE hubspot_rate_buckets SET refill_per_second = capacity / (window_ms / 1000.0)`,
    );
    await q.query(`ALTER TABLE hubspot_rate_buckets DROP COLUMN window_ms, DROP COLUMN grants`);
  }
}
