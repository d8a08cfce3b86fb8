import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the admin API needs: its own keys, runs requested on demand (sync, full sync, replay)
 * that the poller claims, and a log of every HubSpot request the writers make.
 */
export class AdminRunsAndRequests1764400000000 implements MigrationInterface {
  name = 'AdminRunsAndRequests1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // Keys created through the API; ADMIN_API_KEYS from the environment are never stored.
    await q.query(`
      CREATE TABLE admin_api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);

    // A requested run waits as 'queued' until a poller claims it; `request` says what to read:
    // {"full": true} re-sends everything, {"sourceIds": {"employee": ["KU0042"]}} replays records.
    await q.query(`ALTER TABLE sync_runs ADD COLUMN request jsonb`);
    await q.query(
      `ALTER TABLE sync_runs ADD COLUMN requested_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(`ALTER TABLE sync_runs ALTER COLUMN started_at DROP NOT NULL`);
    await q.query(`ALTER TABLE sync_runs ALTER COLUMN started_at DROP DEFAULT`);
    await q.query(`UPDATE sync_runs SET started_at = requested_at WHERE started_at IS NULL`);
    // At most one queued or running run per connection: a second request reports the first.
    await q.query(
      `CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (connection_id)
        WHERE status IN ('queued', 'running')`,
    );

    await q.query(`
      CREATE TABLE hubspot_requests (
        id bigserial PRIMARY KEY,
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        method text NOT NULL,
        path text NOT NULL,
        object_type text,
        batch_size integer,
        status integer,
        duration_ms double precision NOT NULL,
        attempt integer NOT NULL DEFAULT 1,
        correlation_id text,
        rate_limit jsonb,
        error_kind text,
        requested_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX hubspot_requests_connection_time ON hubspot_requests (connection_id, requested_at DESC)`,
    );
    await q.query(`CREATE INDEX hubspot_requests_time ON hubspot_requests (requested_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hubspot_requests`);
    await q.query(`DROP INDEX sync_runs_one_active`);
    await q.query(`UPDATE sync_runs SET started_at = requested_at WHERE started_at IS NULL`);
    await q.query(`ALTER TABLE sync_runs ALTER COLUMN started_at SET DEFAULT now()`);
    await q.query(`ALTER TABLE sync_runs ALTER COLUMN started_at SET NOT NULL`);
    await q.query(`ALTER TABLE sync_runs DROP COLUMN requested_at`);
    await q.query(`ALTER TABLE sync_runs DROP COLUMN request`);
    await q.query(`DROP TABLE admin_api_keys`);
  }
}
