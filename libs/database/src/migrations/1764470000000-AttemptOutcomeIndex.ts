import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /records?outcome=failed` asks for records having an attempt with that outcome. Without
 * this index a rare outcome walks every record of the connection to find none.
 */
export class AttemptOutcomeIndex1764470000000 implements MigrationInterface {
  name = 'AttemptOutcomeIndex1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX sync_attempts_outcome_record ON sync_attempts (outcome, record_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sync_attempts_outcome_record`);
  }
}
