import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE connections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        enabled boolean NOT NULL DEFAULT true,
        peoplesoft jsonb NOT NULL,
        peoplesoft_secret text NOT NULL,
        hubspot jsonb NOT NULL,
        hubspot_secret text NOT NULL,
        schedule jsonb NOT NULL,
        mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
        terminated_policy text NOT NULL DEFAULT 'set-status',
        attention text,
        next_run_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Poller state: where each entity's polling stands, who holds the poll, what was emitted.
    await q.query(`
      CREATE TABLE source_watermarks (
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        entity text NOT NULL,
        last_updated text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connection_id, entity)
      )`);
    await q.query(`
      CREATE TABLE poll_leases (
        connection_id uuid PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
        holder text NOT NULL,
        fence bigint NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE source_records (
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        entity text NOT NULL,
        source_id text NOT NULL,
        content_hash text NOT NULL,
        source_updated_at text NOT NULL,
        emitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connection_id, entity, source_id)
      )`);
    // Rows keyed now but effective later (a termination dated next Monday): emitted when due.
    await q.query(`
      CREATE TABLE deferred_rows (
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        entity text NOT NULL,
        source_id text NOT NULL,
        effective_date date NOT NULL,
        row_data jsonb NOT NULL,
        PRIMARY KEY (connection_id, entity, source_id, effective_date)
      )`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        message_id text NOT NULL,
        routing_key text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE sync_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        trigger text NOT NULL,
        full_reconciliation boolean NOT NULL DEFAULT false,
        status text NOT NULL,
        windows jsonb NOT NULL DEFAULT '[]'::jsonb,
        fetched integer NOT NULL DEFAULT 0,
        emitted integer NOT NULL DEFAULT 0,
        invalid integer NOT NULL DEFAULT 0,
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX sync_runs_connection_started ON sync_runs (connection_id, started_at DESC)`,
    );

    // Audit trail: the current state of every record, and one row per attempt.
    await q.query(`
      CREATE TABLE sync_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        entity text NOT NULL,
        source_id text NOT NULL,
        object_type text NOT NULL,
        hubspot_id text,
        status text NOT NULL,
        last_run_id uuid,
        last_event_id text,
        synced_hash text,
        source_updated_at text,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        synced_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (connection_id, entity, source_id)
      )`);
    await q.query(
      `CREATE INDEX sync_records_status ON sync_records (connection_id, status, updated_at DESC)`,
    );
    await q.query(
      `CREATE INDEX sync_records_hubspot ON sync_records (hubspot_id) WHERE hubspot_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE sync_attempts (
        id bigserial PRIMARY KEY,
        record_id uuid NOT NULL REFERENCES sync_records(id) ON DELETE CASCADE,
        run_id uuid,
        event_id text,
        outcome text NOT NULL,
        hubspot_id text,
        payload_hash text,
        properties jsonb,
        correlation_id text,
        error_category text,
        error_message text,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX sync_attempts_record ON sync_attempts (record_id, attempted_at DESC)`,
    );
    await q.query(`CREATE INDEX sync_attempts_time ON sync_attempts (attempted_at)`);

    // One shared request budget per HubSpot portal, taken by every writer replica.
    await q.query(`
      CREATE TABLE hubspot_rate_buckets (
        bucket_key text PRIMARY KEY,
        capacity double precision NOT NULL,
        refill_per_second double precision NOT NULL,
        tokens double precision NOT NULL,
        refilled_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        paused_until timestamptz,
        pause_reason text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'hubspot_rate_buckets',
      'sync_attempts',
      'sync_records',
      'sync_runs',
      'outbox',
      'deferred_rows',
      'source_records',
      'poll_leases',
      'source_watermarks',
      'connections',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
