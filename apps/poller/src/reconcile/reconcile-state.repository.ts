import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DriftClass, DriftItem, KnownRecord, ReconcilePolicy } from './classify-drift';

export interface ClaimedReconciliation {
  readonly id: string;
  readonly connectionId: string;
  readonly dryRun: boolean;
  readonly policy: ReconcilePolicy;
}

export interface ReconciliationResult {
  readonly reads: number;
  readonly counts: Record<DriftClass, number>;
  readonly examples: Record<string, unknown[]>;
  readonly repairsQueued: number;
}

/** Reconciliations, the sync state they compare, and the repairs they leave for the poller. */
@Injectable()
export class ReconcileStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Claims the oldest queued reconciliation; several pollers never claim the same one. */
  async claim(): Promise<ClaimedReconciliation | null> {
    const rows: Array<{ id: string; connection_id: string; dry_run: boolean; policy: string }> =
      returnedRows(
        await this.dataSource.query(
          `UPDATE reconciliations r SET status = 'running', started_at = now()
          WHERE r.id = (SELECT id FROM reconciliations WHERE status = 'queued'
                         ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING r.id, r.connection_id, r.dry_run, r.policy`,
        ),
      );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      connectionId: row.connection_id,
      dryRun: row.dry_run,
      policy: row.policy === 'report-only' ? 'report-only' : 'peoplesoft-wins',
    };
  }

  /** A reconciliation left running by a poller that died is closed as failed. */
  async failAbandoned(olderThanMinutes: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE reconciliations SET status = 'failed', finished_at = now(),
              error = 'interrupted: the poller running it stopped before the end'
        WHERE status = 'running' AND started_at < now() - make_interval(mins => $1)`,
      [olderThanMinutes],
    );
  }

  /** Queues the scheduled reconciliations that are due, and books each one's next slot. */
  async dueScheduled(): Promise<Array<{ connectionId: string; cron: string; timezone: string }>> {
    return (
      await this.dataSource.query(
        `SELECT s.connection_id, s.reconcile_cron, c.schedule->>'timezone' AS timezone
           FROM readback_settings s JOIN connections c ON c.id = s.connection_id
          WHERE s.reconcile_cron IS NOT NULL AND c.enabled
            AND (s.next_reconcile_at IS NULL OR s.next_reconcile_at <= now())`,
      )
    ).map((r: { connection_id: string; reconcile_cron: string; timezone: string }) => ({
      connectionId: r.connection_id,
      cron: r.reconcile_cron,
      timezone: r.timezone,
    }));
  }

  async queueScheduled(connectionId: string, next: Date): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE readback_settings SET next_reconcile_at = $2 WHERE connection_id = $1`,
        [connectionId, next],
      );
      await m.query(
        `INSERT INTO reconciliations (connection_id, trigger, dry_run, policy, status)
         SELECT connection_id, 'schedule', false, policy, 'queued' FROM readback_settings
          WHERE connection_id = $1
         ON CONFLICT DO NOTHING`,
        [connectionId],
      );
    });
  }

  /**
   * Every record of the connection's entities with the properties of its last successful
   * write (sync_attempts), plus PeopleSoft records emitted but never audited by a writer.
   */
  async knownRecords(connectionId: string, entities: readonly string[]): Promise<KnownRecord[]> {
    const rows: Array<{
      id: string | null;
      entity: string;
      source_id: string;
      object_type: string | null;
      hubspot_id: string | null;
      status: string | null;
      hubspot_archived: boolean | null;
      properties: Record<string, string> | null;
    }> = await this.dataSource.query(
      `SELECT r.id, r.entity, r.source_id, r.object_type, r.hubspot_id, r.status,
              r.hubspot_archived, a.properties
         FROM sync_records r
         LEFT JOIN LATERAL (
           SELECT properties FROM sync_attempts a
            WHERE a.record_id = r.id AND a.outcome IN ('created', 'updated')
              AND a.properties IS NOT NULL
            ORDER BY a.attempted_at DESC, a.id DESC LIMIT 1) a ON true
        WHERE r.connection_id = $1 AND r.entity = ANY($2::text[])
          AND r.source_id NOT LIKE 'unreadable-row:%' AND r.source_id NOT LIKE 'keyless-row:%'
       UNION ALL
       SELECT NULL, s.entity, s.source_id, NULL, NULL, 'pending', false, NULL
         FROM source_records s
        WHERE s.connection_id = $1 AND s.entity = ANY($2::text[]) AND s.version > 0
          AND NOT EXISTS (SELECT 1 FROM sync_records r WHERE r.connection_id = s.connection_id
                           AND r.entity = s.entity AND r.source_id = s.source_id)`,
      [connectionId, entities],
    );
    return rows.map((r) => ({
      recordId: r.id,
      entity: r.entity,
      sourceId: r.source_id,
      objectType: r.object_type ?? (r.entity === 'employee' ? 'contacts' : 'companies'),
      hubspotId: r.hubspot_id,
      status: r.status ?? 'pending',
      hubspotArchived: r.hubspot_archived === true,
      sent: r.properties,
    }));
  }

  /**
   * PeopleSoft wins: in one transaction, forget the synced hash of each record to re-send (so
   * the writer does not skip it as unchanged), point merged records at their survivor, and
   * leave the re-sends for the poller to queue as a replay run (`drainRepairs`).
   */
  async applyRepairs(connectionId: string, items: readonly DriftItem[]): Promise<number> {
    const resend = items.filter((i) => i.repair === 'resend' && i.entity !== null);
    const follow = items.filter((i) => i.repair === 'follow-merge' && i.survivorId);
    await this.dataSource.transaction(async (m) => {
      if (follow.length > 0) {
        await m.query(
          `UPDATE sync_records r SET hubspot_id = t.survivor,
                  merged_into = CASE WHEN t.away THEN t.survivor END, updated_at = now()
             FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[])
               AS t(entity, source_id, survivor, away)
            WHERE r.connection_id = $1 AND r.entity = t.entity AND r.source_id = t.source_id`,
          [
            connectionId,
            follow.map((i) => i.entity),
            follow.map((i) => i.sourceId),
            follow.map((i) => i.survivorId),
            follow.map((i) => i.mergedAway === true),
          ],
        );
      }
      if (resend.length > 0) {
        await queueResends(
          m,
          connectionId,
          resend.map((i) => ({
            entity: i.entity as string,
            sourceId: i.sourceId,
            reason: i.class,
          })),
        );
      }
    });
    return resend.length;
  }

  async finish(id: string, result: ReconciliationResult): Promise<void> {
    await this.dataSource.query(
      `UPDATE reconciliations SET status = 'succeeded', finished_at = now(), reads = $2,
              writes = 0, counts = $3::jsonb, examples = $4::jsonb, repairs_queued = $5
        WHERE id = $1`,
      [
        id,
        result.reads,
        JSON.stringify(result.counts),
        JSON.stringify(result.examples),
        result.repairsQueued,
      ],
    );
  }

  async fail(id: string, reads: number, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reconciliations SET status = 'failed', finished_at = now(), reads = $2, error = $3
        WHERE id = $1`,
      [id, reads, error.slice(0, 2000)],
    );
  }

  /**
   * Turns waiting repairs (from reconciliations and webhooks) into replay runs, one transaction
   * per connection: a new replay run, or more ids on a replay run still queued; a queued full
   * run already covers them. While a run is in progress they wait for a later tick, so none is
   * lost. Returns the connections that got a run to start now.
   */
  async drainRepairs(limit = 50_000): Promise<string[]> {
    const connections: Array<{ connection_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT connection_id FROM drift_repairs`,
    );
    const started: string[] = [];
    for (const { connection_id: connectionId } of connections) {
      const queued = await this.dataSource.transaction(async (m) => {
        const active: Array<{
          id: string;
          status: string;
          request: Record<string, unknown> | null;
        }> = await m.query(
          `SELECT id, status, request FROM sync_runs
              WHERE connection_id = $1 AND status IN ('queued', 'running') FOR UPDATE`,
          [connectionId],
        );
        const run = active[0];
        if (run && run.status === 'running') return false;
        // A queued scheduled or manual run reads only since the watermark and must keep that
        // purpose: ids are added only to a replay run; otherwise the repairs wait for it.
        if (run && !run.request?.sourceIds && run.request?.full !== true) return false;
        const rows: Array<{ entity: string; source_id: string }> = returnedRows(
          await m.query(
            `DELETE FROM drift_repairs WHERE ctid IN (
             SELECT ctid FROM drift_repairs WHERE connection_id = $1
              ORDER BY requested_at LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING entity, source_id`,
            [connectionId, limit],
          ),
        );
        if (rows.length === 0) return false;
        if (run?.request?.full === true) return true;
        const sourceIds: Record<string, string[]> = {};
        for (const r of rows) (sourceIds[r.entity] ??= []).push(r.source_id);
        if (run) {
          const held = (run.request?.sourceIds ?? {}) as Record<string, string[]>;
          for (const [entity, ids] of Object.entries(sourceIds)) {
            held[entity] = [...new Set([...(held[entity] ?? []), ...ids])];
          }
          await m.query(`UPDATE sync_runs SET request = $2::jsonb WHERE id = $1`, [
            run.id,
            JSON.stringify({ ...run.request, sourceIds: held }),
          ]);
        } else {
          await m.query(
            `INSERT INTO sync_runs (connection_id, trigger, full_reconciliation, status, request)
             VALUES ($1, 'replay', false, 'queued', $2::jsonb)`,
            [connectionId, JSON.stringify({ sourceIds })],
          );
        }
        await m.query(`UPDATE connections SET next_run_at = now() WHERE id = $1`, [connectionId]);
        return true;
      });
      if (queued) started.push(connectionId);
    }
    return started;
  }
}

/** Clears the synced hash and records a waiting repair, inside the caller's transaction. */
export async function queueResends(
  m: { query(sql: string, params?: unknown[]): Promise<unknown> },
  connectionId: string,
  resends: ReadonlyArray<{ entity: string; sourceId: string; reason: string }>,
): Promise<void> {
  await m.query(
    `UPDATE sync_records r SET synced_hash = NULL, updated_at = now()
       FROM unnest($2::text[], $3::text[]) AS t(entity, source_id)
      WHERE r.connection_id = $1 AND r.entity = t.entity AND r.source_id = t.source_id`,
    [connectionId, resends.map((r) => r.entity), resends.map((r) => r.sourceId)],
  );
  await m.query(
    `INSERT INTO drift_repairs (connection_id, entity, source_id, reason)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])
     ON CONFLICT (connection_id, entity, source_id) DO UPDATE SET reason = EXCLUDED.reason`,
    [
      connectionId,
      resends.map((r) => r.entity),
      resends.map((r) => r.sourceId),
      resends.map((r) => r.reason),
    ],
  );
}

/** TypeORM answers an UPDATE or DELETE ... RETURNING on Postgres as [rows, affected count]. */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
