import type { DataSource } from 'typeorm';
import { watchUntilDone } from './stall-watch';

/** Where a connection's records stand, read from sync_records (the writer's audit). */
export interface RecordProgress {
  readonly synced: number;
  readonly invalid: number;
  readonly failed: number;
  readonly pending: number;
  /** synced + invalid + failed: records that reached a final state. */
  readonly settled: number;
  /** The last settle, on the database clock (epoch ms); null before any. */
  readonly lastUpdatedMs: number | null;
}

export async function recordProgress(
  db: DataSource,
  connectionId: string,
): Promise<RecordProgress> {
  const rows: Array<Record<string, string | null>> = await db.query(
    `SELECT count(*) FILTER (WHERE status = 'synced') AS synced,
            count(*) FILTER (WHERE status = 'invalid') AS invalid,
            count(*) FILTER (WHERE status = 'failed') AS failed,
            count(*) FILTER (WHERE status NOT IN ('synced', 'invalid', 'failed')) AS pending,
            (extract(epoch FROM max(updated_at)) * 1000)::float8 AS last_ms
       FROM sync_records WHERE connection_id = $1`,
    [connectionId],
  );
  const r = rows[0] ?? {};
  const n = (key: string) => Number(r[key] ?? 0);
  return {
    synced: n('synced'),
    invalid: n('invalid'),
    failed: n('failed'),
    pending: n('pending'),
    settled: n('synced') + n('invalid') + n('failed'),
    lastUpdatedMs: r.last_ms === null || r.last_ms === undefined ? null : Number(r.last_ms),
  };
}

/**
 * Polls until `expected` records are settled. Fails when nothing moves for `stallMs` (with the
 * progress so far), so a broken pipeline ends the benchmark instead of hanging it.
 */
export async function waitSettled(
  db: DataSource,
  connectionId: string,
  expected: number,
  stallMs: number,
  describeApps: () => string,
): Promise<RecordProgress> {
  return watchUntilDone<RecordProgress>(
    async () => {
      const now = await recordProgress(db, connectionId);
      if (now.settled >= expected) return { done: now };
      return {
        state: `${now.settled}/${now.pending}`,
        stalled: () =>
          `no progress for ${stallMs / 1000} s: ${JSON.stringify(now)} of ${expected} expected\n` +
          describeApps(),
      };
    },
    stallMs,
    500,
  );
}

/**
 * The most common last_error among failed records (numbers masked, so "Existing ID: 123" and
 * "Existing ID: 456" count as one), with its count: why a run fell short.
 */
export async function topFailure(db: DataSource, connectionId: string): Promise<string | null> {
  const rows: Array<{ last_error: string | null; n: string }> = await db.query(
    `SELECT regexp_replace(last_error, '[0-9]+', 'N', 'g') AS last_error, count(*) AS n
       FROM sync_records WHERE connection_id = $1 AND status = 'failed'
      GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    [connectionId],
  );
  const top = rows[0];
  return top ? `${top.n} x "${(top.last_error ?? '').slice(0, 160)}"` : null;
}
