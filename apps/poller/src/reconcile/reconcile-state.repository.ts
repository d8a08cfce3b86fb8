import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DriftClass, ReconcilePolicy } from './classify-drift';
import { ReconcileWorkspace } from './reconcile-workspace.repository';

export interface ClaimedReconciliation {
  readonly id: string;
  readonly connectionId: string;
  readonly dryRun: boolean;
  readonly policy: ReconcilePolicy;
}

/** A connection whose reconcile schedule is due, with what its next slot is computed from. */
export interface DueSchedule {
  readonly connectionId: string;
  readonly cron: string;
  readonly timezone: string;
}

/**
 * What taking a due slot did: queued a reconciliation; only booked the first slot of a new
 * schedule; found one still queued or running that covers it; or found the slot already taken
 * (another poller, or the cron changed meanwhile).
 */
export type ScheduledSlot = 'queued' | 'booked' | 'covered' | 'taken';

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

  /**
   * Connections with a reconcile schedule whose slot has come, or that has no slot booked yet
   * (the cron was just set or changed).
   */
  async dueScheduled(): Promise<DueSchedule[]> {
    const rows: Array<{ connection_id: string; reconcile_cron: string; timezone: string }> =
      await this.dataSource.query(
        `SELECT s.connection_id, s.reconcile_cron, c.schedule->>'timezone' AS timezone
           FROM readback_settings s JOIN connections c ON c.id = s.connection_id
          WHERE s.reconcile_cron IS NOT NULL AND c.enabled
            AND (s.next_reconcile_at IS NULL OR s.next_reconcile_at <= now())`,
      );
    return rows.map((r) => ({
      connectionId: r.connection_id,
      cron: r.reconcile_cron,
      timezone: r.timezone,
    }));
  }

  /**
   * Takes a due slot: books the next one and queues the reconciliation of the slot that came.
   * A schedule with no slot booked yet only gets its first slot: a weekly cron set on a Tuesday
   * waits for its Sunday instead of reading the whole portal at once. The row lock and the
   * re-checked condition make one poller take the slot when several tick together, and a cron
   * changed meanwhile is left for the next tick (its slot is computed from the new cron).
   */
  async takeScheduledSlot(due: DueSchedule, next: Date): Promise<ScheduledSlot> {
    return this.dataSource.transaction(async (m) => {
      const slots: Array<{ booked: Date | null }> = await m.query(
        `SELECT next_reconcile_at AS booked FROM readback_settings
          WHERE connection_id = $1 AND reconcile_cron = $2
            AND (next_reconcile_at IS NULL OR next_reconcile_at <= now())
          FOR UPDATE`,
        [due.connectionId, due.cron],
      );
      const slot = slots[0];
      if (!slot) return 'taken';
      await m.query(
        `UPDATE readback_settings SET next_reconcile_at = $2 WHERE connection_id = $1`,
        [due.connectionId, next],
      );
      if (slot.booked === null) return 'booked';
      // The estimate the API shows for a manual one: a list call per 100 records of each
      // object type of the connection's entities, at least one per type.
      const queued: Array<{ id: string }> = await m.query(
        `INSERT INTO reconciliations
           (connection_id, trigger, dry_run, policy, status, estimated_reads)
         SELECT s.connection_id, 'schedule', false, s.policy, 'queued',
                (SELECT coalesce(sum(greatest(1, ceil(n.records / 100.0))), 0)::int
                   FROM (SELECT DISTINCT CASE WHEN e = 'employee' THEN 'contacts'
                                              ELSE 'companies' END AS object_type
                           FROM jsonb_object_keys(c.peoplesoft->'sources') e) t
                   CROSS JOIN LATERAL (
                     SELECT count(*) AS records FROM sync_records r
                      WHERE r.connection_id = c.id AND r.object_type = t.object_type
                        AND r.entity IN (SELECT jsonb_object_keys(c.peoplesoft->'sources'))
                        AND r.status <> 'invalid') n)
           FROM readback_settings s JOIN connections c ON c.id = s.connection_id
          WHERE s.connection_id = $1
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [due.connectionId],
      );
      // One reconciliation at a time per connection: a slot that comes while one is still
      // queued or running is covered by it.
      return queued.length > 0 ? 'queued' : 'covered';
    });
  }

  /**
   * A workspace for one reconciliation of the connection's entities, on a connection of its
   * own (its temporary tables live in that session). The caller must `close()` it.
   */
  async openWorkspace(
    connectionId: string,
    entities: readonly string[],
  ): Promise<ReconcileWorkspace> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const workspace = new ReconcileWorkspace(runner, connectionId, entities);
    try {
      await workspace.open();
    } catch (error) {
      await workspace.close();
      throw error;
    }
    return workspace;
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
