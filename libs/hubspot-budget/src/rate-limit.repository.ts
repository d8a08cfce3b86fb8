import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface BucketShape {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/**
 * A token bucket per HubSpot portal in Postgres, shared by every writer replica. Each take is
 * one statement on the database clock, so replicas on skewed clocks still share one budget.
 */
@Injectable()
export class RateLimitRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async configure(bucketKey: string, shape: BucketShape): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO hubspot_rate_buckets (bucket_key, capacity, refill_per_second, tokens)
       VALUES ($1, $2, $3, $2)
       ON CONFLICT (bucket_key) DO UPDATE
         SET capacity = EXCLUDED.capacity, refill_per_second = EXCLUDED.refill_per_second,
             tokens = LEAST(hubspot_rate_buckets.tokens, EXCLUDED.capacity)`,
      [bucketKey, shape.capacity, shape.refillPerSecond],
    );
  }

  /** Takes one token; returns 0 when granted, else how long to wait before asking again. */
  async take(bucketKey: string): Promise<{ waitMs: number; pauseReason: string | null }> {
    const rows: Array<{ wait_ms: number; pause_reason: string | null }> =
      await this.dataSource.query(
        `WITH cur AS (
         SELECT bucket_key, refill_per_second, paused_until, pause_reason,
                COALESCE(paused_until > clock_timestamp(), false) AS paused,
                LEAST(capacity, tokens + EXTRACT(EPOCH FROM clock_timestamp() - refilled_at)
                                         * refill_per_second) AS avail
           FROM hubspot_rate_buckets WHERE bucket_key = $1 FOR UPDATE
       ), upd AS (
         UPDATE hubspot_rate_buckets b
            SET tokens = CASE WHEN NOT cur.paused AND cur.avail >= 1 THEN cur.avail - 1
                              WHEN cur.paused THEN 0 ELSE cur.avail END,
                refilled_at = clock_timestamp()
           FROM cur WHERE b.bucket_key = cur.bucket_key
         RETURNING 1
       )
       SELECT (CASE WHEN paused THEN EXTRACT(EPOCH FROM paused_until - clock_timestamp()) * 1000
                    WHEN avail >= 1 THEN 0
                    ELSE (1 - avail) / refill_per_second * 1000 END)::float8 AS wait_ms,
              CASE WHEN paused THEN pause_reason END AS pause_reason
         FROM cur, (SELECT count(*) FROM upd) AS applied`,
        [bucketKey],
      );
    const row = rows[0];
    if (!row) throw new Error(`rate-limit bucket ${bucketKey} is not configured`);
    return { waitMs: Math.max(0, Math.ceil(row.wait_ms)), pauseReason: row.pause_reason };
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

  /** Empties the bucket and pauses every replica until `untilMs` from now (429, daily cap). */
  async pause(bucketKey: string, forMs: number, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE hubspot_rate_buckets
          SET tokens = 0, refilled_at = clock_timestamp(),
              paused_until = GREATEST(COALESCE(paused_until, clock_timestamp()),
                                      clock_timestamp() + make_interval(secs => $2 / 1000.0)),
              pause_reason = $3
        WHERE bucket_key = $1`,
      [bucketKey, forMs, reason],
    );
  }
}
