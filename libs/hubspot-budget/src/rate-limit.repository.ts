import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** At most `limit` requests granted in any `windowMs` (a sliding window, on the database clock). */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * A sliding-window log per HubSpot portal in Postgres, shared by every writer replica: the
 * portal's row holds the times of the grants still inside its window. Each take is one
 * statement on the database clock under the row's lock, so replicas on skewed clocks still
 * share one budget and two replicas never both take the last slot.
 */
@Injectable()
export class RateLimitRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Sets the portal's window; grants already made keep counting against the new one. */
  async configure(bucketKey: string, window: RateWindow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO hubspot_rate_buckets (bucket_key, capacity, window_ms)
       VALUES ($1, $2, $3)
       ON CONFLICT (bucket_key) DO UPDATE
         SET capacity = EXCLUDED.capacity, window_ms = EXCLUDED.window_ms`,
      [bucketKey, window.limit, window.windowMs],
    );
  }

  /** Takes one grant; returns 0 when granted, else how long to wait before asking again. */
  async take(bucketKey: string): Promise<{ waitMs: number; pauseReason: string | null }> {
    // `live` is read under the row lock (the newest version); the grant is stamped by the
    // UPDATE, later than any clock read before it, so a grant never looks older than it is.
    const rows: Array<{ wait_ms: number; pause_reason: string | null }> =
      await this.dataSource.query(
        `WITH cur AS (
         SELECT bucket_key, capacity, window_ms, paused_until, pause_reason,
                COALESCE(paused_until > clock_timestamp(), false) AS paused,
                ARRAY(SELECT g FROM unnest(grants) AS g
                       WHERE g > clock_timestamp() - make_interval(secs => window_ms / 1000.0)
                       ORDER BY g) AS live
           FROM hubspot_rate_buckets WHERE bucket_key = $1 FOR UPDATE
       ), upd AS (
         UPDATE hubspot_rate_buckets b
            SET grants = CASE WHEN NOT cur.paused AND cardinality(cur.live) < cur.capacity
                              THEN cur.live || clock_timestamp() ELSE cur.live END
           FROM cur WHERE b.bucket_key = cur.bucket_key
         RETURNING 1
       )
       SELECT (CASE WHEN paused THEN GREATEST(1, EXTRACT(EPOCH FROM paused_until - clock_timestamp()) * 1000)
                    WHEN cardinality(live) < capacity THEN 0
                    -- the grant whose leaving the window frees a slot
                    ELSE EXTRACT(EPOCH FROM live[cardinality(live) - capacity::int + 1]
                                 + make_interval(secs => window_ms / 1000.0)
                                 - clock_timestamp()) * 1000 + 1 END)::float8 AS wait_ms,
              CASE WHEN paused THEN pause_reason END AS pause_reason
         FROM cur, (SELECT count(*) FROM upd) AS applied`,
        [bucketKey],
      );
    const row = rows[0];
    if (!row) throw new Error(`rate-limit bucket ${bucketKey} is not configured`);
    const waitMs = Math.max(0, Math.ceil(row.wait_ms));
    // A slot that freed between the statement's clock reads: ask again at once, not never.
    return { waitMs: row.wait_ms > 0 ? Math.max(1, waitMs) : 0, pauseReason: row.pause_reason };
  }

  /** How long the bucket stays paused from now (0 when it is not), on the database clock. */
  async pausedFor(bucketKey: string): Promise<number> {
    const rows: Array<{ ms: number }> = await this.dataSource.query(
      `SELECT GREATEST(0, EXTRACT(EPOCH FROM paused_until - clock_timestamp()) * 1000)::float8 AS ms
         FROM hubspot_rate_buckets WHERE bucket_key = $1 AND paused_until IS NOT NULL`,
      [bucketKey],
    );
    return Math.ceil(rows[0]?.ms ?? 0);
  }

  /** The pause in force, if any: until when, and why (the daily limit, a 429). */
  async currentPause(bucketKey: string): Promise<{ until: Date; reason: string | null } | null> {
    const rows: Array<{ paused_until: Date; pause_reason: string | null }> =
      await this.dataSource.query(
        `SELECT paused_until, pause_reason FROM hubspot_rate_buckets
        WHERE bucket_key = $1 AND paused_until > clock_timestamp()`,
        [bucketKey],
      );
    const row = rows[0];
    return row ? { until: row.paused_until, reason: row.pause_reason } : null;
  }

  /** Pauses every replica for `forMs` from now (a 429, the daily cap). */
  async pause(bucketKey: string, forMs: number, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE hubspot_rate_buckets
          SET paused_until = GREATEST(COALESCE(paused_until, clock_timestamp()),
                                      clock_timestamp() + make_interval(secs => $2 / 1000.0)),
              pause_reason = $3
        WHERE bucket_key = $1`,
      [bucketKey, forMs, reason],
    );
  }
}
