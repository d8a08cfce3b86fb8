import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AttemptOutcome } from './audit-outcome';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  isIsoMicros,
  ISO_MICROS_SQL,
  type Page,
} from './keyset-cursor';
import { isUuid } from './records.query';
import type { RunRequest, RunStatus, RunTrigger, RunWindow } from './runs.repository';
import { WhereBuilder } from './where-builder';

export interface RunFilters {
  readonly connectionId?: string;
  readonly status?: RunStatus;
  readonly trigger?: RunTrigger;
  readonly limit: number;
  readonly cursor?: string;
}

export interface RunSummary {
  readonly id: string;
  readonly connectionId: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly full: boolean;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** From start to finish, or to now while running; null while queued. */
  readonly durationMs: number | null;
  readonly fetched: number;
  readonly emitted: number;
  readonly invalid: number;
  readonly error: string | null;
}

export type OutcomeCounts = Record<AttemptOutcome, number>;

export interface RunDetail extends RunSummary {
  readonly request: RunRequest | null;
  readonly windows: RunWindow[];
  /** Attempts recorded for this run, by outcome (a record retried counts once per attempt). */
  readonly outcomes: OutcomeCounts;
  /** Records of this run that reached a final state (anything but `retrying`). */
  readonly settledRecords: number;
  /**
   * The run finished and every record it emitted or rejected reached a final state in the
   * audit trail (the writer may still be working after the poller finished).
   */
  readonly complete: boolean;
}

interface RawRun {
  id: string;
  connection_id: string;
  trigger: RunTrigger;
  status: RunStatus;
  full_reconciliation: boolean;
  requested_at: string;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: string | null;
  fetched: number;
  emitted: number;
  invalid: number;
  error: string | null;
}

const CURSOR_KIND = 'runs';

const RUN_COLUMNS = `
         id, connection_id, trigger, status, full_reconciliation,
         ${ISO_MICROS_SQL('requested_at')} AS requested_at, started_at, finished_at,
         round(extract(epoch FROM (coalesce(finished_at, now()) - started_at)) * 1000)::text
           AS duration_ms,
         fetched, emitted, invalid, error`;

const OUTCOMES: readonly AttemptOutcome[] = [
  'created',
  'updated',
  'unchanged',
  'stale',
  'superseded',
  'retrying',
  'failed',
  'invalid',
];

/** Read side of sync_runs (RunsRepository writes them). */
@Injectable()
export class RunsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest request first, keyset-paginated on (requested_at, id). */
  async list(filters: RunFilters): Promise<Page<RunSummary>> {
    const where = new WhereBuilder()
      .add('connection_id = ?', filters.connectionId)
      .add('status = ?', filters.status)
      .add('trigger = ?', filters.trigger);
    if (filters.cursor) {
      const [requestedAt, id] = decodeCursor(filters.cursor, CURSOR_KIND, 2);
      if (!requestedAt || !id || !isIsoMicros(requestedAt) || !isUuid(id)) {
        throw new InvalidCursorError();
      }
      where.raw(
        `(requested_at, id) < (${where.param(requestedAt)}::timestamptz, ${where.param(id)}::uuid)`,
      );
    }
    const limit = where.param(filters.limit + 1);
    const rows: RawRun[] = await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE ${where.sql} ORDER BY requested_at DESC, id DESC LIMIT ${limit}`,
      where.params,
    );
    const items = rows.slice(0, filters.limit).map(toSummary);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > filters.limit && last
          ? encodeCursor(CURSOR_KIND, [last.requestedAt, last.id])
          : null,
    };
  }

  async get(id: string): Promise<RunDetail | null> {
    const rows: Array<RawRun & { request: RunRequest | null; windows: RunWindow[] }> =
      await this.dataSource.query(
        `SELECT ${RUN_COLUMNS}, request, windows FROM sync_runs WHERE id = $1`,
        [id],
      );
    const row = rows[0];
    if (!row) return null;
    const counted: Array<{ outcome: AttemptOutcome; n: number }> = await this.dataSource.query(
      `SELECT outcome, count(*)::int AS n FROM sync_attempts WHERE run_id = $1 GROUP BY outcome`,
      [id],
    );
    const settled: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(DISTINCT record_id)::int AS n FROM sync_attempts
        WHERE run_id = $1 AND outcome <> 'retrying'`,
      [id],
    );
    const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
    for (const c of counted) if (c.outcome in outcomes) outcomes[c.outcome] = c.n;
    const summary = toSummary(row);
    const settledRecords = settled[0]?.n ?? 0;
    return {
      ...summary,
      request: row.request,
      windows: row.windows,
      outcomes,
      settledRecords,
      complete:
        summary.status === 'succeeded' && settledRecords >= summary.emitted + summary.invalid,
    };
  }
}

function toSummary(r: RawRun): RunSummary {
  return {
    id: r.id,
    connectionId: r.connection_id,
    trigger: r.trigger,
    status: r.status,
    full: r.full_reconciliation,
    requestedAt: r.requested_at,
    startedAt: r.started_at ? r.started_at.toISOString() : null,
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    fetched: r.fetched,
    emitted: r.emitted,
    invalid: r.invalid,
    error: r.error,
  };
}
