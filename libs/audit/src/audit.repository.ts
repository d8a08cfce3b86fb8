import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SourceEntity } from '@ml/messaging';
import { type RecordOutcome, type RecordState, recordStatusAfter } from './audit-outcome';

/**
 * The only code that writes the audit trail. Outcomes are written in bulk (two statements,
 * one transaction) because the writer records up to 100 of them per HubSpot call.
 */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recordOutcomes(outcomes: readonly RecordOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.dataSource.transaction((manager) => this.writeOutcomes(manager, outcomes));
  }

  /**
   * What the writer must know before sending these records: what HubSpot holds (sync_records)
   * and the newest version the poller emitted (source_records). Reads inside `manager`'s
   * transaction when given (the writer holds record locks there).
   */
  async findStates(
    connectionId: string,
    entity: SourceEntity,
    sourceIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, RecordState>> {
    const rows: Array<{
      source_id: string;
      hubspot_id: string | null;
      synced_hash: string | null;
      source_updated_at: string | null;
      source_version: string | null;
      status: RecordState['status'];
      emitted_version: string | null;
    }> = await manager.query(
      `SELECT k.source_id, r.hubspot_id, r.synced_hash, r.source_updated_at, r.source_version,
              COALESCE(r.status, 'pending') AS status, e.version AS emitted_version
         FROM unnest($3::text[]) AS k(source_id)
         -- One index probe per key (LATERAL, LIMIT 1 so the planner cannot flatten it): a plain
         -- join planned on the stale statistics of a table still filling up hashed every
         -- record of the connection, per batch.
         LEFT JOIN LATERAL (
           SELECT id, hubspot_id, synced_hash, source_updated_at, source_version, status
             FROM sync_records
            WHERE connection_id = $1 AND entity = $2 AND source_id = k.source_id
            LIMIT 1
         ) r ON true
         LEFT JOIN LATERAL (
           SELECT source_id, version FROM source_records
            WHERE connection_id = $1 AND entity = $2 AND source_id = k.source_id AND version > 0
            LIMIT 1
         ) e ON true
        WHERE r.id IS NOT NULL OR e.source_id IS NOT NULL`,
      [connectionId, entity, sourceIds],
    );
    const version = (v: string | null) => (v === null ? null : Number(v));
    return new Map(
      rows.map((r) => [
        r.source_id,
        {
          sourceId: r.source_id,
          hubspotId: r.hubspot_id,
          syncedHash: r.synced_hash,
          sourceUpdatedAt: r.source_updated_at,
          sourceVersion: version(r.source_version),
          emittedVersion: version(r.emitted_version),
          status: r.status,
        },
      ]),
    );
  }

  /**
   * The content hash HubSpot holds per record, for the records it holds as last written (the
   * writer's own test for `unchanged`: synced, with a HubSpot id). A record missing from the
   * answer was never written, or its last attempt failed or is still pending.
   */
  async syncedHashes(
    manager: EntityManager,
    connectionId: string,
    entity: SourceEntity,
    sourceIds: readonly string[],
  ): Promise<Map<string, string>> {
    if (sourceIds.length === 0) return new Map();
    const rows: Array<{ source_id: string; synced_hash: string }> = await manager.query(
      `SELECT k.source_id, r.synced_hash
         FROM unnest($3::text[]) AS k(source_id)
         -- One index probe per key, as in findStates: source_id = ANY(...) on a table still
         -- filling up was planned to scan every record of the connection per window.
         JOIN LATERAL (
           SELECT synced_hash FROM sync_records
            WHERE connection_id = $1 AND entity = $2 AND source_id = k.source_id
              AND status = 'synced' AND hubspot_id IS NOT NULL AND synced_hash IS NOT NULL
            LIMIT 1
         ) r ON true`,
      [connectionId, entity, sourceIds],
    );
    return new Map(rows.map((r) => [r.source_id, r.synced_hash]));
  }

  /** Writes outcomes inside a caller's transaction (the poller audits invalid rows with its outbox). */
  async writeOutcomes(manager: EntityManager, outcomes: readonly RecordOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    // One record row per key: the last outcome that sets a status wins (a batch can carry a
    // superseded event next to the write that replaced it).
    const changing = new Map<string, RecordOutcome>();
    const touching = new Map<string, RecordOutcome>();
    for (const o of outcomes) {
      if (recordStatusAfter(o.outcome) !== null) changing.set(keyOf(o), o);
      else touching.set(keyOf(o), o);
    }
    for (const key of changing.keys()) touching.delete(key);

    const recordIds = new Map<string, string>();
    for (const row of [
      ...(await this.upsertRecords(manager, [...changing.values()], CHANGE_STATUS_SQL)),
      ...(await this.upsertRecords(manager, [...touching.values()], TOUCH_ONLY_SQL)),
    ]) {
      recordIds.set(`${row.connection_id}\u0000${row.entity}\u0000${row.source_id}`, row.id);
    }

    await manager.query(
      `INSERT INTO sync_attempts
         (record_id, run_id, event_id, outcome, hubspot_id, payload_hash, properties,
          correlation_id, error_category, error_message)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[],
                            $6::text[], $7::jsonb[], $8::text[], $9::text[], $10::text[])`,
      [
        outcomes.map((o) => recordIds.get(keyOf(o))),
        outcomes.map((o) => o.runId),
        outcomes.map((o) => o.eventId),
        outcomes.map((o) => o.outcome),
        outcomes.map((o) => o.hubspotId ?? null),
        outcomes.map((o) => o.payloadHash ?? null),
        outcomes.map((o) => (o.properties ? JSON.stringify(o.properties) : null)),
        outcomes.map((o) => o.correlationId ?? null),
        outcomes.map((o) => o.errorCategory ?? null),
        outcomes.map((o) => o.errorMessage ?? null),
      ],
    );
  }

  private async upsertRecords(
    manager: EntityManager,
    records: readonly RecordOutcome[],
    sql: string,
  ): Promise<Array<{ id: string; connection_id: string; entity: string; source_id: string }>> {
    if (records.length === 0) return [];
    return manager.query(sql, [
      records.map((o) => o.connectionId),
      records.map((o) => o.entity),
      records.map((o) => o.sourceId),
      records.map((o) => o.objectType),
      records.map((o) => o.hubspotId ?? null),
      records.map((o) => recordStatusAfter(o.outcome) ?? 'pending'),
      records.map((o) => o.runId),
      records.map((o) => o.eventId),
      records.map((o) => o.payloadHash ?? null),
      records.map((o) => o.sourceUpdatedAt ?? null),
      records.map((o) => o.errorMessage ?? null),
      records.map((o) => o.sourceVersion ?? null),
    ]);
  }
}

const RECORD_INPUT_SQL = `
  SELECT t.connection_id, t.entity, t.source_id, t.object_type, t.hubspot_id, t.status,
         t.run_id, t.event_id,
         CASE WHEN t.status = 'synced' THEN t.payload_hash END,
         CASE WHEN t.status = 'synced' THEN t.source_updated_at END,
         1,
         CASE WHEN t.status <> 'synced' THEN t.error_message END,
         CASE WHEN t.status = 'synced' THEN now() END,
         CASE WHEN t.status = 'synced' THEN t.source_version END
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[])
      AS t(connection_id, entity, source_id, object_type, hubspot_id, status, run_id,
           event_id, payload_hash, source_updated_at, error_message, source_version)`;

const RECORD_COLUMNS = `(connection_id, entity, source_id, object_type, hubspot_id, status,
  last_run_id, last_event_id, synced_hash, source_updated_at, attempts, last_error, synced_at,
  source_version)`;

const CHANGE_STATUS_SQL = `
  INSERT INTO sync_records AS r ${RECORD_COLUMNS} ${RECORD_INPUT_SQL}
  ON CONFLICT (connection_id, entity, source_id) DO UPDATE SET
    object_type = EXCLUDED.object_type,
    hubspot_id = COALESCE(EXCLUDED.hubspot_id, r.hubspot_id),
    status = EXCLUDED.status,
    last_run_id = EXCLUDED.last_run_id,
    last_event_id = EXCLUDED.last_event_id,
    synced_hash = CASE WHEN EXCLUDED.status = 'synced' THEN EXCLUDED.synced_hash ELSE r.synced_hash END,
    source_updated_at = CASE WHEN EXCLUDED.status = 'synced'
                             THEN EXCLUDED.source_updated_at ELSE r.source_updated_at END,
    source_version = CASE WHEN EXCLUDED.status = 'synced'
                          THEN EXCLUDED.source_version ELSE r.source_version END,
    attempts = r.attempts + 1,
    last_error = EXCLUDED.last_error,
    synced_at = COALESCE(EXCLUDED.synced_at, r.synced_at),
    updated_at = now()
  RETURNING id, connection_id, entity, source_id`;

/** Stale and superseded events count as attempts but leave the record's state alone. */
const TOUCH_ONLY_SQL = `
  INSERT INTO sync_records AS r ${RECORD_COLUMNS} ${RECORD_INPUT_SQL}
  ON CONFLICT (connection_id, entity, source_id) DO UPDATE SET
    attempts = r.attempts + 1,
    updated_at = now()
  RETURNING id, connection_id, entity, source_id`;

function keyOf(o: RecordOutcome): string {
  return `${o.connectionId}\u0000${o.entity}\u0000${o.sourceId}`;
}
