import type { QueryRunner } from 'typeorm';
import {
  mergedIdsOf,
  psIdOf,
  type DriftItem,
  type KnownRecord,
  type LiveObject,
  type UnlistedRecord,
} from './classify-drift';

/** The object type a record is written as, for records not written yet (no object_type). */
const OBJECT_TYPE_OF = (entity: string) =>
  `(CASE WHEN ${entity} = 'employee' THEN 'contacts' ELSE 'companies' END)`;

/**
 * The connection's known records ($1 connection, $2 entities): every sync_records row of its
 * entities, plus PeopleSoft records emitted but never audited by a writer (source_records).
 * Outer conditions on its columns are pushed into both branches by the planner.
 */
const KNOWN_RECORDS = `
  SELECT r.id, r.entity, r.source_id,
         coalesce(r.object_type, ${OBJECT_TYPE_OF('r.entity')}) AS object_type,
         r.hubspot_id, coalesce(r.status, 'pending') AS status,
         coalesce(r.hubspot_archived, false) AS hubspot_archived
    FROM sync_records r
   WHERE r.connection_id = $1 AND r.entity = ANY($2::text[])
     AND r.source_id NOT LIKE 'unreadable-row:%' AND r.source_id NOT LIKE 'keyless-row:%'
  UNION ALL
  SELECT NULL, s.entity, s.source_id, ${OBJECT_TYPE_OF('s.entity')}, NULL, 'pending', false
    FROM source_records s
   WHERE s.connection_id = $1 AND s.entity = ANY($2::text[]) AND s.version > 0
     AND NOT EXISTS (SELECT 1 FROM sync_records r WHERE r.connection_id = s.connection_id
                      AND r.entity = s.entity AND r.source_id = s.source_id)`;

/** The properties of a known record's last successful write (k.id null: none). */
const LAST_SENT = `
  LEFT JOIN LATERAL (
    SELECT properties FROM sync_attempts a
     WHERE a.record_id = k.id AND a.outcome IN ('created', 'updated')
       AND a.properties IS NOT NULL
     ORDER BY a.attempted_at DESC, a.id DESC LIMIT 1) a ON true`;

interface KnownRow {
  id: string | null;
  entity: string;
  source_id: string;
  object_type: string;
  hubspot_id: string | null;
  status: string;
  hubspot_archived: boolean;
}

/**
 * What one reconciliation keeps in Postgres instead of in the poller's heap, so its memory does
 * not grow with the portal: what the listing said about each live object (its id, PeopleSoft id
 * and the ids merged into it), the known records no listed object carries, and the repairs to
 * apply. Temporary tables of one dedicated connection: gone with the session if the poller dies.
 * `close()` must be called.
 */
export class ReconcileWorkspace {
  /** Listing order, so that the last object listed wins as it did in one in-memory pass. */
  private seq = 0;

  constructor(
    private readonly runner: QueryRunner,
    private readonly connectionId: string,
    private readonly entities: readonly string[],
  ) {}

  async open(): Promise<void> {
    await this.dropTables();
    await this.runner.query(
      `CREATE TEMP TABLE reconcile_live
         (object_type text NOT NULL, seq bigint NOT NULL, hubspot_id text NOT NULL, ps_id text)`,
    );
    await this.runner.query(
      `CREATE TEMP TABLE reconcile_merged
         (object_type text NOT NULL, seq bigint NOT NULL, merged_id text NOT NULL,
          survivor_id text NOT NULL)`,
    );
    await this.runner.query(
      `CREATE TEMP TABLE reconcile_unlisted
         (seq bigserial PRIMARY KEY, record_id uuid, entity text NOT NULL, source_id text NOT NULL,
          object_type text NOT NULL, hubspot_id text, status text NOT NULL,
          hubspot_archived boolean NOT NULL, survivor_id text, shared_id text, shared_ps_id text)`,
    );
    await this.runner.query(
      `CREATE TEMP TABLE reconcile_repairs
         (entity text NOT NULL, source_id text NOT NULL, kind text NOT NULL, survivor_id text,
          merged_away boolean NOT NULL, reason text NOT NULL)`,
    );
  }

  /** The names of the properties last sent to the records of an object type. */
  async sentPropertyNames(objectType: string): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.runner.query(
      `SELECT DISTINCT n.name FROM (${KNOWN_RECORDS}) k ${LAST_SENT}
        CROSS JOIN LATERAL jsonb_object_keys(a.properties) n(name)
        WHERE k.object_type = $3`,
      [this.connectionId, this.entities, objectType],
    );
    return rows.map((r) => r.name);
  }

  /**
   * One page of the listing: remembers its objects for the end of the reconciliation and
   * answers the known records whose PeopleSoft id they carry, with their last sent properties.
   */
  async listedRecords(objectType: string, page: readonly LiveObject[]): Promise<KnownRecord[]> {
    const live = page.map((object) => ({ object, seq: ++this.seq }));
    await this.runner.query(
      `INSERT INTO reconcile_live (object_type, seq, hubspot_id, ps_id)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])`,
      [objectType, live.map((l) => l.seq), page.map((o) => o.id), page.map((o) => psIdOf(o))],
    );
    const merged = live.flatMap(({ object, seq }) =>
      mergedIdsOf(object).map((old) => ({ seq, old, survivor: object.id })),
    );
    if (merged.length > 0) {
      await this.runner.query(
        `INSERT INTO reconcile_merged (object_type, seq, merged_id, survivor_id)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])`,
        [
          objectType,
          merged.map((m) => m.seq),
          merged.map((m) => m.old),
          merged.map((m) => m.survivor),
        ],
      );
    }
    const psIds = page.map((o) => psIdOf(o)).filter((id): id is string => id !== null);
    if (psIds.length === 0) return [];
    const rows: Array<KnownRow & { properties: Record<string, string> | null }> =
      await this.runner.query(
        `SELECT k.*, a.properties FROM (${KNOWN_RECORDS}) k ${LAST_SENT}
          WHERE k.object_type = $3 AND k.source_id = ANY($4::text[])`,
        [this.connectionId, this.entities, objectType, psIds],
      );
    return rows.map((r) => ({ ...knownRecordOf(r), sent: r.properties }));
  }

  /**
   * After the whole listing of an object type: hands the known records (in scope) that no
   * listed object carries the PeopleSoft id of to `onBatch`, `batchSize` at a time, with the
   * object that lists their stored id as merged into it and the live object with that id.
   */
  async eachUnlisted(
    objectType: string,
    batchSize: number,
    onBatch: (batch: UnlistedRecord[]) => Promise<void>,
  ): Promise<void> {
    // Statistics of the temporary tables: the joins below must be hash joins at 1,000,000 rows.
    await this.runner.query(`ANALYZE reconcile_live`);
    await this.runner.query(`ANALYZE reconcile_merged`);
    await this.runner.query(`TRUNCATE reconcile_unlisted`);
    await this.runner.query(
      `INSERT INTO reconcile_unlisted (record_id, entity, source_id, object_type, hubspot_id,
                                       status, hubspot_archived, survivor_id, shared_id,
                                       shared_ps_id)
       SELECT k.id, k.entity, k.source_id, k.object_type, k.hubspot_id, k.status,
              k.hubspot_archived, m.survivor_id, l.hubspot_id, l.ps_id
         FROM (${KNOWN_RECORDS}) k
         LEFT JOIN (SELECT DISTINCT ON (merged_id) merged_id, survivor_id FROM reconcile_merged
                     WHERE object_type = $3 ORDER BY merged_id, seq DESC) m
           ON m.merged_id = k.hubspot_id
         LEFT JOIN (SELECT DISTINCT ON (hubspot_id) hubspot_id, ps_id FROM reconcile_live
                     WHERE object_type = $3 ORDER BY hubspot_id, seq DESC) l
           ON l.hubspot_id = k.hubspot_id
        WHERE k.object_type = $3 AND k.status <> 'invalid'
          AND NOT EXISTS (SELECT 1 FROM reconcile_live p
                           WHERE p.object_type = $3 AND p.ps_id = k.source_id)`,
      [this.connectionId, this.entities, objectType],
    );
    for (let after = 0; ;) {
      const rows: Array<
        KnownRow & {
          seq: string;
          record_id: string | null;
          survivor_id: string | null;
          shared_id: string | null;
          shared_ps_id: string | null;
        }
      > = await this.runner.query(
        `SELECT * FROM reconcile_unlisted WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, batchSize],
      );
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1]?.seq);
      await onBatch(
        rows.map((r) => ({
          record: knownRecordOf({ ...r, id: r.record_id }),
          survivorId: r.survivor_id,
          sharedWith: r.shared_id ? { id: r.shared_id, psId: r.shared_ps_id } : null,
        })),
      );
    }
  }

  /** Keeps the repairs of classified records until `applyRepairs`; answers the re-sends. */
  async stageRepairs(items: readonly DriftItem[]): Promise<number> {
    const repairs = items.filter(
      (i) =>
        (i.repair === 'resend' && i.entity !== null) ||
        (i.repair === 'follow-merge' && i.survivorId),
    );
    if (repairs.length > 0) {
      await this.runner.query(
        `INSERT INTO reconcile_repairs (entity, source_id, kind, survivor_id, merged_away, reason)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[],
                              $6::text[])`,
        [
          repairs.map((i) => i.entity),
          repairs.map((i) => i.sourceId),
          repairs.map((i) => i.repair),
          repairs.map((i) => i.survivorId ?? null),
          repairs.map((i) => i.mergedAway === true),
          repairs.map((i) => i.class),
        ],
      );
    }
    return repairs.filter((i) => i.repair === 'resend').length;
  }

  /**
   * PeopleSoft wins: in one transaction, point merged records at their survivor, forget the
   * synced hash of each record to re-send (so the writer does not skip it as unchanged), and
   * leave the re-sends in drift_repairs for the poller to queue as a replay run.
   */
  async applyRepairs(): Promise<void> {
    await this.runner.startTransaction();
    try {
      await this.runner.query(
        `UPDATE sync_records r SET hubspot_id = t.survivor_id,
                merged_into = CASE WHEN t.merged_away THEN t.survivor_id END, updated_at = now()
           FROM reconcile_repairs t
          WHERE t.kind = 'follow-merge' AND r.connection_id = $1 AND r.entity = t.entity
            AND r.source_id = t.source_id`,
        [this.connectionId],
      );
      await this.runner.query(
        `UPDATE sync_records r SET synced_hash = NULL, updated_at = now()
           FROM reconcile_repairs t
          WHERE t.kind = 'resend' AND r.connection_id = $1 AND r.entity = t.entity
            AND r.source_id = t.source_id`,
        [this.connectionId],
      );
      await this.runner.query(
        `INSERT INTO drift_repairs (connection_id, entity, source_id, reason)
         SELECT $1, entity, source_id, reason FROM reconcile_repairs WHERE kind = 'resend'
         ON CONFLICT (connection_id, entity, source_id) DO UPDATE SET reason = EXCLUDED.reason`,
        [this.connectionId],
      );
      await this.runner.commitTransaction();
    } catch (error) {
      await this.runner.rollbackTransaction();
      throw error;
    }
  }

  /** Drops the temporary tables and gives the connection back to the pool. */
  async close(): Promise<void> {
    try {
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
      await this.dropTables();
    } finally {
      await this.runner.release();
    }
  }

  private async dropTables(): Promise<void> {
    await this.runner.query(
      `DROP TABLE IF EXISTS reconcile_live, reconcile_merged, reconcile_unlisted, reconcile_repairs`,
    );
  }
}

function knownRecordOf(r: KnownRow): Omit<KnownRecord, 'sent'> {
  return {
    recordId: r.id,
    entity: r.entity,
    sourceId: r.source_id,
    objectType: r.object_type,
    hubspotId: r.hubspot_id,
    status: r.status,
    hubspotArchived: r.hubspot_archived,
  };
}
