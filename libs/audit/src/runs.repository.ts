import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type RunTrigger = 'schedule' | 'manual' | 'replay';
export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface RunWindow {
  readonly entity: string;
  readonly from: string;
  readonly to: string;
  readonly rows: number;
}

/** The only code that writes sync_runs: one row per poll of one connection. */
@Injectable()
export class RunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async start(connectionId: string, trigger: RunTrigger, full: boolean): Promise<string> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO sync_runs (connection_id, trigger, full_reconciliation, status)
       VALUES ($1, $2, $3, 'running') RETURNING id`,
      [connectionId, trigger, full],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('sync_runs insert returned no id');
    return id;
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

  async finish(
    runId: string,
    status: Exclude<RunStatus, 'running'>,
    error?: string,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = $2, error = $3, finished_at = now() WHERE id = $1`,
      [runId, status, error ?? null],
    );
  }
}
