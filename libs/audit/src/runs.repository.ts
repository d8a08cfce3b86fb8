import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type RunTrigger = 'schedule' | 'manual' | 'replay';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** What a requested run must read; a scheduled run has none and reads since the watermark. */
export interface RunRequest {
  /** Re-read everything and re-send what differs from HubSpot's last synced state. */
  readonly full?: boolean;
  /** With `full`: re-send every record, even those HubSpot holds as they are. */
  readonly resend?: boolean;
  /** Replay: re-read these PeopleSoft ids (per entity) and send their current state. */
  readonly sourceIds?: Readonly<Partial<Record<string, readonly string[]>>>;
}

export interface RunWindow {
  readonly entity: string;
  readonly from: string;
  readonly to: string;
  readonly rows: number;
}

export interface ClaimedRun {
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly request: RunRequest | null;
}

export type EnqueueResult =
  | { readonly created: true; readonly runId: string }
  | { readonly created: false; readonly runId: string; readonly status: RunStatus };

const UNIQUE_VIOLATION = '23505';

/** The only code that writes sync_runs: one row per poll of one connection. */
@Injectable()
export class RunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Asks for a run; a poller claims it at its next tick. A connection has at most one queued
   * or running run, so a second request answers with the one already there.
   */
  async enqueue(
    connectionId: string,
    trigger: RunTrigger,
    request: RunRequest,
  ): Promise<EnqueueResult> {
    try {
      const rows: Array<{ id: string }> = await this.dataSource.query(
        `INSERT INTO sync_runs (connection_id, trigger, full_reconciliation, status, request)
         VALUES ($1, $2, $3, 'queued', $4::jsonb) RETURNING id`,
        [connectionId, trigger, request.full === true, JSON.stringify(request)],
      );
      return { created: true, runId: firstId(rows) };
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      const active: Array<{ id: string; status: RunStatus }> = await this.dataSource.query(
        `SELECT id, status FROM sync_runs WHERE connection_id = $1 AND status IN ('queued', 'running')`,
        [connectionId],
      );
      const held = active[0];
      // The active run finished between the insert and the read: ask again.
      if (!held) return this.enqueue(connectionId, trigger, request);
      return { created: false, runId: held.id, status: held.status };
    }
  }

  /**
   * Starts the connection's next run: a queued request if there is one, else a scheduled run.
   * Called under the connection's poll lease, so a run still marked running was orphaned by a
   * poller that died; it is closed as failed first.
   */
  async begin(connectionId: string): Promise<ClaimedRun> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE sync_runs SET status = 'failed', finished_at = now(),
                error = 'interrupted: the poller running it stopped before the end'
          WHERE connection_id = $1 AND status = 'running'`,
        [connectionId],
      );
      const claimed: Array<{ id: string; trigger: RunTrigger; request: RunRequest | null }> =
        await manager.query(
          `WITH next AS (
             SELECT id FROM sync_runs WHERE connection_id = $1 AND status = 'queued'
              ORDER BY requested_at LIMIT 1 FOR UPDATE
           ), claimed AS (
             UPDATE sync_runs r SET status = 'running', started_at = now()
               FROM next WHERE r.id = next.id
             RETURNING r.id, r.trigger, r.request
           )
           SELECT id, trigger, request FROM claimed`,
          [connectionId],
        );
      const queued = claimed[0];
      if (queued) return { runId: queued.id, trigger: queued.trigger, request: queued.request };
      const rows: Array<{ id: string }> = await manager.query(
        `INSERT INTO sync_runs (connection_id, trigger, status, started_at)
         VALUES ($1, 'schedule', 'running', now()) RETURNING id`,
        [connectionId],
      );
      return { runId: firstId(rows), trigger: 'schedule', request: null };
    });
  }

  async hasQueued(connectionId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM sync_runs WHERE connection_id = $1 AND status = 'queued' LIMIT 1`,
      [connectionId],
    );
    return rows.length > 0;
  }

  async addWindow(
    runId: string,
    window: RunWindow,
    emitted: number,
    invalid: number,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs
          SET windows = windows || $2::jsonb, fetched = fetched + $3,
              emitted = emitted + $4, invalid = invalid + $5
        WHERE id = $1`,
      [runId, JSON.stringify([window]), window.rows, emitted, invalid],
    );
  }

  async finish(runId: string, status: 'succeeded' | 'failed', error?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = $2, error = $3, finished_at = now() WHERE id = $1`,
      [runId, status, error ?? null],
    );
  }
}

function firstId(rows: Array<{ id: string }>): string {
  const id = rows[0]?.id;
  if (!id) throw new Error('sync_runs statement returned no id');
  return id;
}
