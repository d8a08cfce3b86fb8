import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * sync_attempts loses its foreign key to sync_records; a statement trigger on sync_records
 * deletes the attempts of deleted records instead, so a deleted connection (or record) still
 * takes its whole history with it.
 *
 * Why: the key checked every attempt by locking its record FOR KEY SHARE, and that record was
 * always the row the same transaction had just upserted, so each check wrote a tuple lock and
 * its WAL for nothing. In the 100,000-employee pipeline bench it cost 5-12 % of Postgres's CPU.
 * The only writer of attempts (AuditRepository) takes each record_id from that upsert's
 * RETURNING, in the same transaction, so the key could never fail.
 */
export class AttemptsCascadeByTrigger1764750000000 implements MigrationInterface {
  name = 'AttemptsCascadeByTrigger1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_attempts DROP CONSTRAINT sync_attempts_record_id_fkey`);
    await q.query(`
      CREATE FUNCTION ml_delete_attempts_of_deleted_records() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM sync_attempts a USING deleted_records d WHERE a.record_id = d.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sync_records_delete_attempts
        AFTER DELETE ON sync_records
        REFERENCING OLD TABLE AS deleted_records
        FOR EACH STATEMENT EXECUTE FUNCTION ml_delete_attempts_of_deleted_records()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sync_records_delete_attempts ON sync_records`);
    await q.query(`DROP FUNCTION ml_delete_attempts_of_deleted_records()`);
    // None are expected; the key cannot come back while one exists.
    await q.query(`
      DELETE FROM sync_attempts a
       WHERE NOT EXISTS (SELECT 1 FROM sync_records r WHERE r.id = a.record_id)`);
    await q.query(`
      ALTER TABLE sync_attempts ADD CONSTRAINT sync_attempts_record_id_fkey
        FOREIGN KEY (record_id) REFERENCES sync_records(id) ON DELETE CASCADE`);
  }
}
