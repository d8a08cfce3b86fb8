import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders the changes of one record without trusting LASTUPDDTTM: the poller numbers each
 * emission per record (it is the only writer, under its lease), and the writer refuses a
 * version older than the one HubSpot already holds. `currency_key` remembers which
 * effective-dated row was emitted, so a correction to a historical row is never sent as current.
 */
export class RecordVersions1764450000000 implements MigrationInterface {
  name = 'RecordVersions1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE source_records ADD COLUMN version bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE source_records ADD COLUMN currency_key text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE sync_records ADD COLUMN source_version bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_records DROP COLUMN source_version`);
    await q.query(`ALTER TABLE source_records DROP COLUMN currency_key`);
    await q.query(`ALTER TABLE source_records DROP COLUMN version`);
  }
}
