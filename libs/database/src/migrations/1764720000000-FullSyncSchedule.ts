import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduled full syncs: a connection may have a second cron + time zone (weekly, say) on which
 * the poller queues a full run, which re-reads everything and sends only what HubSpot does not
 * hold as it is. `next_full_sync_at` is that schedule's next slot; both are null when it is off.
 */
export class FullSyncSchedule1764720000000 implements MigrationInterface {
  name = 'FullSyncSchedule1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE connections ADD COLUMN full_sync_schedule jsonb`);
    await q.query(`ALTER TABLE connections ADD COLUMN next_full_sync_at timestamptz`);
    await q.query(
      `CREATE INDEX connections_next_full_sync ON connections (next_full_sync_at)
        WHERE next_full_sync_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX connections_next_full_sync`);
    await q.query(`ALTER TABLE connections DROP COLUMN next_full_sync_at`);
    await q.query(`ALTER TABLE connections DROP COLUMN full_sync_schedule`);
  }
}
