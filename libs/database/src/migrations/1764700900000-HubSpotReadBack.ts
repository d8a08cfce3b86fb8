import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HubSpot read-back: per-connection reconcile/webhook settings (the webhook client secret
 * sealed like the other secrets), the reconciliations whose last one `GET /connections/:id/drift`
 * shows, webhook event ids handled once, repairs waiting for the poller to queue them, and
 * which objects the terminated-policy archived (so a reconcile expects them archived) and
 * which records were merged away in HubSpot.
 */
export class HubSpotReadBack1764700900000 implements MigrationInterface {
  name = 'HubSpotReadBack1764700900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE readback_settings (
        connection_id uuid PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
        policy text NOT NULL DEFAULT 'peoplesoft-wins',
        reconcile_cron text,
        next_reconcile_at timestamptz,
        webhook_secret text,
        webhook_secret_hint text,
        webhook_url text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE reconciliations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        trigger text NOT NULL,
        dry_run boolean NOT NULL,
        policy text NOT NULL,
        status text NOT NULL,
        estimated_reads integer NOT NULL DEFAULT 0,
        reads integer NOT NULL DEFAULT 0,
        writes integer NOT NULL DEFAULT 0,
        repairs_queued integer NOT NULL DEFAULT 0,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        examples jsonb NOT NULL DEFAULT '{}'::jsonb,
        error text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    // One queued or running reconciliation per connection: a second request gets the first.
    await q.query(
      `CREATE UNIQUE INDEX reconciliations_one_active ON reconciliations (connection_id)
        WHERE status IN ('queued', 'running')`,
    );
    await q.query(
      `CREATE INDEX reconciliations_connection_requested ON reconciliations (connection_id, requested_at DESC)`,
    );
    await q.query(`
      CREATE TABLE webhook_events (
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        event_id text NOT NULL,
        subscription_type text NOT NULL,
        object_id text NOT NULL,
        outcome text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connection_id, event_id)
      )`);
    await q.query(`
      CREATE TABLE drift_repairs (
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        entity text NOT NULL,
        source_id text NOT NULL,
        reason text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connection_id, entity, source_id)
      )`);
    await q.query(
      `ALTER TABLE sync_records ADD COLUMN hubspot_archived boolean NOT NULL DEFAULT false`,
    );
    // Set when a rep merged this record's object into another one (its PeopleSoft id dropped):
    // the writer must not recreate it by upserting on that id.
    await q.query(`ALTER TABLE sync_records ADD COLUMN merged_into text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_records DROP COLUMN merged_into`);
    await q.query(`ALTER TABLE sync_records DROP COLUMN hubspot_archived`);
    await q.query(`DROP TABLE drift_repairs`);
    await q.query(`DROP TABLE webhook_events`);
    await q.query(`DROP TABLE reconciliations`);
    await q.query(`DROP TABLE readback_settings`);
  }
}
