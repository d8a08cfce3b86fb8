import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the admin API's reads: keyset pages of records, runs and attempts by run, and
 * lookups by PeopleSoft id across connections. Plain CREATE INDEX, not CONCURRENTLY: migrations
 * run under a session advisory lock, and a second migrator waiting on that lock holds a snapshot
 * that a concurrent build would wait for until the statement timeout.
 */
const INDEXES: ReadonlyArray<readonly [name: string, definition: string]> = [
  ['sync_attempts_run', 'sync_attempts (run_id) WHERE run_id IS NOT NULL'],
  ['sync_records_updated', 'sync_records (updated_at DESC, id DESC)'],
  ['sync_records_connection_updated', 'sync_records (connection_id, updated_at DESC, id DESC)'],
  ['sync_records_source_id', 'sync_records (source_id)'],
  ['sync_records_last_run', 'sync_records (last_run_id) WHERE last_run_id IS NOT NULL'],
  ['sync_runs_requested', 'sync_runs (requested_at DESC, id DESC)'],
  ['sync_runs_connection_requested', 'sync_runs (connection_id, requested_at DESC, id DESC)'],
];

export class AdminApiReadIndexes1764500000000 implements MigrationInterface {
  name = 'AdminApiReadIndexes1764500000000';
  async up(q: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) {
      await q.query(`CREATE INDEX IF NOT EXISTS ${name} ON ${definition}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of [...INDEXES].reverse()) await q.query(`DROP INDEX IF EXISTS ${name}`);
  }
}
