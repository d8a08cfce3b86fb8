import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditRepository, type RecordOutcome } from '@ml/audit';
import { mayReplace, type DeferredRow } from '@ml/mapping';
import type { ChangeEvent, SourceEntity } from '@ml/messaging';

export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

export type UnversionedEvent = Omit<ChangeEvent, 'sourceVersion'>;

/** Everything one window of one entity commits at once, or not at all. */
export interface WindowCommit {
  readonly connectionId: string;
  readonly entity: SourceEntity;
  readonly lease: Lease;
  /** Greatest LASTUPDDTTM seen in the window; null when it held no rows. */
  readonly watermark: string | null;
  readonly routingKey: string;
  /** Versions are assigned here, in the commit, by the only process allowed to number them. */
  readonly events: readonly UnversionedEvent[];
  /** Employee rows: which effective-dated row each event, or ranked refusal, came from. */
  readonly currencyKeys: ReadonlyMap<string, string>;
  readonly invalid: readonly RecordOutcome[];
  readonly invalidHashes: ReadonlyMap<string, string>;
  readonly deferred: readonly DeferredRow[];
  /** Deferred rows that came due and are emitted in this commit. */
  readonly releasedDeferred: readonly DeferredRow[];
  /** Replays and full re-sends send every row again, repeats included. */
  readonly force?: boolean;
  /**
   * Full syncs also send a row that was emitted before but that HubSpot does not hold as it is
   * (the writer never wrote it, or its last attempt failed).
   */
  readonly reconcile?: boolean;
}

export interface Lease {
  readonly holder: string;
  readonly fence: number;
  readonly seconds: number;
}

/**
 * Poller state in Postgres: leases, watermarks, last-emitted hashes, deferred rows and the
 * outbox. A window's events, its audit rows and its watermark commit in one transaction, so a
 * poller killed at any instant either queued all of a window or none of it.
 */
@Injectable()
export class PollStateRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  /** Takes (or renews) the poll lease; a crashed holder's lease simply expires. */
  async acquireLease(connectionId: string, holder: string, seconds: number): Promise<Lease | null> {
    const rows: Array<{ fence: string }> = await this.dataSource.query(
      `INSERT INTO poll_leases AS l (connection_id, holder, fence, expires_at)
       VALUES ($1, $2, 1, now() + make_interval(secs => $3))
       ON CONFLICT (connection_id) DO UPDATE
         SET holder = EXCLUDED.holder, fence = l.fence + 1, expires_at = EXCLUDED.expires_at
         WHERE l.expires_at < now() OR l.holder = EXCLUDED.holder
       RETURNING fence`,
      [connectionId, holder, seconds],
    );
    const fence = rows[0]?.fence;
    return fence === undefined ? null : { holder, fence: Number(fence), seconds };
  }

  /**
   * Extends the lease while a poll is between commits (a slow PeopleSoft can take longer than
   * the lease to answer a window); false once another poller holds it.
   */
  async extendLease(connectionId: string, lease: Lease): Promise<boolean> {
    try {
      await this.renewLease(this.dataSource.manager, connectionId, lease);
      return true;
    } catch (error) {
      if (error instanceof LeaseLostError) return false;
      throw error;
    }
  }

  async releaseLease(connectionId: string, lease: Lease): Promise<void> {
    await this.dataSource.query(
      `UPDATE poll_leases SET expires_at = now() WHERE connection_id = $1 AND holder = $2 AND fence = $3`,
      [connectionId, lease.holder, lease.fence],
    );
  }

  async watermark(connectionId: string, entity: SourceEntity): Promise<string | null> {
    const rows: Array<{ last_updated: string }> = await this.dataSource.query(
      `SELECT last_updated FROM source_watermarks WHERE connection_id = $1 AND entity = $2`,
      [connectionId, entity],
    );
    return rows[0]?.last_updated ?? null;
  }

  async dueDeferred(
    connectionId: string,
    entity: SourceEntity,
    today: string,
  ): Promise<DeferredRow[]> {
    const rows: Array<{ source_id: string; effective_date: string; row_data: DeferredRow['row'] }> =
      await this.dataSource.query(
        `SELECT source_id, to_char(effective_date, 'YYYY-MM-DD') AS effective_date, row_data
           FROM deferred_rows
          WHERE connection_id = $1 AND entity = $2 AND effective_date <= $3::date
          ORDER BY effective_date`,
        [connectionId, entity, today],
      );
    return rows.map((r) => ({
      sourceId: r.source_id,
      effectiveDate: r.effective_date,
      row: r.row_data,
    }));
  }

  /**
   * Commits one window. Returns how many events were new (not repeats from the overlap) and how
   * many refusals were audited: a repeat of the refusal held, or a refused row outranked by the
   * row held, is neither.
   */
  async commitWindow(commit: WindowCommit): Promise<{ emitted: number; invalid: number }> {
    return this.dataSource.transaction(async (manager) => {
      await this.renewLease(manager, commit.connectionId, commit.lease);
      const { fresh, quietInvalid, outrankedInvalid, outranking } = await this.dropRepeats(
        manager,
        commit,
      );
      const versioned = await this.rememberEmitted(manager, commit, fresh, outrankedInvalid);
      await this.rememberOutranking(manager, commit, outranking);
      await this.insertOutbox(manager, commit.routingKey, versioned);
      const refused = commit.invalid.filter((o) => !quietInvalid.has(o.sourceId));
      await this.audit.writeOutcomes(manager, refused);
      await this.saveDeferred(manager, commit);
      if (commit.watermark) {
        await manager.query(
          `INSERT INTO source_watermarks AS w (connection_id, entity, last_updated)
           VALUES ($1, $2, $3)
           ON CONFLICT (connection_id, entity) DO UPDATE
             SET last_updated = GREATEST(w.last_updated, EXCLUDED.last_updated), updated_at = now()`,
          [commit.connectionId, commit.entity, commit.watermark],
        );
      }
      return { emitted: fresh.length, invalid: refused.length };
    });
  }

  private async renewLease(
    manager: EntityManager,
    connectionId: string,
    lease: Lease,
  ): Promise<void> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], never an empty list.
    const renewed: Array<{ n: number }> = await manager.query(
      `WITH renewed AS (
         UPDATE poll_leases SET expires_at = now() + make_interval(secs => $4)
          WHERE connection_id = $1 AND holder = $2 AND fence = $3
          RETURNING 1)
       SELECT count(*)::int AS n FROM renewed`,
      [connectionId, lease.holder, lease.fence, lease.seconds],
    );
    if (renewed[0]?.n !== 1) {
      throw new LeaseLostError(`another poller took over connection ${connectionId}`);
    }
  }

  /**
   * Rows re-read through the overlap come back unchanged: drop them by content hash (unless the
   * run re-sends on purpose, or a full sync finds HubSpot does not hold them as they are). Rows
   * that are not the record's row in force are dropped always.
   */
  private async dropRepeats(
    manager: EntityManager,
    commit: WindowCommit,
  ): Promise<{
    fresh: UnversionedEvent[];
    /** Refused rows not audited: repeats of the refusal held, or outranked by the row held. */
    quietInvalid: Set<string>;
    /** Refused rows not stored either: a row of higher rank is held. */
    outrankedInvalid: Set<string>;
    /** Repeats of the content sent last, from a row that outranks the one it was sent from. */
    outranking: UnversionedEvent[];
  }> {
    // Sorted: two commits on the same records lock them in one order.
    const ids = [
      ...new Set([...commit.events.map((e) => e.sourceId), ...commit.invalidHashes.keys()]),
    ].sort();
    if (ids.length === 0) {
      return { fresh: [], quietInvalid: new Set(), outrankedInvalid: new Set(), outranking: [] };
    }
    const rows: Array<{ source_id: string; content_hash: string; currency_key: string }> =
      await manager.query(
        `SELECT k.source_id, s.content_hash, s.currency_key
           FROM unnest($3::text[]) AS k(source_id)
           -- One index probe per key (LATERAL, LIMIT 1 so the planner cannot flatten it):
           -- source_id = ANY(...) was planned on the statistics of a table still filling up and
           -- scanned every row of the connection (or of the table) per window.
           JOIN LATERAL (
             SELECT content_hash, currency_key FROM source_records
              WHERE connection_id = $1 AND entity = $2 AND source_id = k.source_id
              LIMIT 1
              FOR UPDATE
           ) s ON true`,
        [commit.connectionId, commit.entity, ids],
      );
    const known = new Map(rows.map((r) => [r.source_id, r]));
    const repeatedInvalid = new Set(
      [...commit.invalidHashes]
        .filter(([id, hash]) => !commit.force && known.get(id)?.content_hash === hash)
        .map(([id]) => id),
    );
    // A refused row outranked by the row held is not the person's row in force: it is neither
    // audited nor stored (its hash would stand in for the content HubSpot holds).
    const outrankedInvalid = new Set(
      [...commit.invalidHashes.keys()].filter((id) => {
        const held = known.get(id);
        const key = commit.currencyKeys.get(id);
        return held !== undefined && key !== undefined && !mayReplace(key, held.currency_key);
      }),
    );
    const synced =
      commit.reconcile && !commit.force
        ? await this.audit.syncedHashes(
            manager,
            commit.connectionId,
            commit.entity,
            commit.events.map((e) => e.sourceId),
          )
        : null;
    const fresh: UnversionedEvent[] = [];
    const outranking: UnversionedEvent[] = [];
    for (const e of commit.events) {
      const held = known.get(e.sourceId);
      const key = commit.currencyKeys.get(e.sourceId) ?? '';
      if (!held) fresh.push(e);
      else if (!mayReplace(key, held.currency_key)) continue;
      else if (commit.force || held.content_hash !== e.contentHash) fresh.push(e);
      else if (synced !== null && synced.get(e.sourceId) !== e.contentHash) fresh.push(e);
      else if (key !== held.currency_key) outranking.push(e);
    }
    return {
      fresh,
      quietInvalid: new Set([...repeatedInvalid, ...outrankedInvalid]),
      outrankedInvalid,
      outranking,
    };
  }

  /**
   * A repeat is not sent, but the row it came from is now the one in force: its key is kept, or
   * a row met later (a read from the beginning goes newest LASTUPDDTTM first, not in effective
   * order) that ranks between the two would pass mayReplace and send HubSpot a row that is not
   * in force. Seen with a person's EMPL_RCD 1 row keyed last and their record 0 row in force
   * mapping to the same properties: the record's older history row was sent after them.
   */
  private async rememberOutranking(
    manager: EntityManager,
    commit: WindowCommit,
    outranking: readonly UnversionedEvent[],
  ): Promise<void> {
    if (outranking.length === 0) return;
    // An upsert on rows known to exist, not an UPDATE joined to unnest(): the conflict path is
    // one primary-key probe per row, where the join was planned as a scan of the whole table
    // (88 ms per window at 100,000 records).
    await manager.query(
      `INSERT INTO source_records AS s (connection_id, entity, source_id, content_hash, source_updated_at, currency_key)
       SELECT $1, $2, id, h, '', k FROM unnest($3::text[], $4::text[], $5::text[]) AS t(id, h, k)
       ON CONFLICT (connection_id, entity, source_id) DO UPDATE SET currency_key = EXCLUDED.currency_key`,
      [
        commit.connectionId,
        commit.entity,
        outranking.map((e) => e.sourceId),
        outranking.map((e) => e.contentHash),
        outranking.map((e) => commit.currencyKeys.get(e.sourceId) ?? ''),
      ],
    );
  }

  /**
   * Stores each event as the JSON text the relay publishes byte for byte. The payloads travel as
   * one parameter, a line each (JSON.stringify never writes a raw newline), which Postgres splits
   * without a text[]'s quoting and escaping; a payload split in two would leave a row without a
   * message id and fail the commit. One statement per correlation id (a window's events carry
   * their run's) builds the headers once instead of once per row.
   */
  private async insertOutbox(
    manager: EntityManager,
    routingKey: string,
    events: readonly ChangeEvent[],
  ): Promise<void> {
    for (const [correlationId, group] of byCorrelationId(events)) {
      await manager.query(
        `INSERT INTO outbox (message_id, routing_key, payload, headers)
         SELECT m, $2, p, h
           FROM unnest($1::text[], string_to_array($3, chr(10))) AS t(m, p),
                (SELECT jsonb_build_object('correlation-id', $4::text, 'emitted-at',
                          to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) AS x(h)`,
        [
          group.map((e) => e.eventId),
          routingKey,
          group.map((e) => JSON.stringify(e)).join('\n'),
          correlationId,
        ],
      );
    }
  }

  /**
   * Records what was emitted per source id and numbers it: version = previous + 1, in the same
   * transaction as the outbox rows, so versions follow the order the poller decided changes in.
   * Rejected rows keep their hash (so their repeats are not re-audited) and, when they can be
   * ranked, their currency key (an older row of the person stays out), but not a version.
   */
  private async rememberEmitted(
    manager: EntityManager,
    commit: WindowCommit,
    events: readonly UnversionedEvent[],
    outrankedInvalid: ReadonlySet<string>,
  ): Promise<ChangeEvent[]> {
    const emitted = new Set(events.map((e) => e.sourceId));
    const rejected = [...commit.invalidHashes].filter(
      ([id]) => !emitted.has(id) && !outrankedInvalid.has(id),
    );
    if (rejected.length > 0) {
      // '' is no key (a row that cannot be ranked, or not an employee): the key held stays.
      await manager.query(
        `INSERT INTO source_records AS s (connection_id, entity, source_id, content_hash, source_updated_at, currency_key)
         SELECT $1, $2, id, h, '', k FROM unnest($3::text[], $4::text[], $5::text[]) AS t(id, h, k)
         ON CONFLICT (connection_id, entity, source_id) DO UPDATE
           SET content_hash = EXCLUDED.content_hash, emitted_at = now(),
               currency_key = CASE WHEN EXCLUDED.currency_key = '' THEN s.currency_key
                                   ELSE EXCLUDED.currency_key END`,
        [
          commit.connectionId,
          commit.entity,
          rejected.map(([id]) => id),
          rejected.map(([, h]) => h),
          rejected.map(([id]) => commit.currencyKeys.get(id) ?? ''),
        ],
      );
    }
    if (events.length === 0) return [];
    const rows: Array<{ source_id: string; version: string }> = await manager.query(
      `INSERT INTO source_records AS s
         (connection_id, entity, source_id, content_hash, source_updated_at, currency_key, version)
       SELECT $1, $2, id, h, u, k, 1 FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, h, u, k)
       ON CONFLICT (connection_id, entity, source_id) DO UPDATE
         SET content_hash = EXCLUDED.content_hash, source_updated_at = EXCLUDED.source_updated_at,
             currency_key = EXCLUDED.currency_key, version = s.version + 1, emitted_at = now()
       RETURNING source_id, version`,
      [
        commit.connectionId,
        commit.entity,
        events.map((e) => e.sourceId),
        events.map((e) => e.contentHash),
        events.map((e) => e.sourceUpdatedAt),
        events.map((e) => commit.currencyKeys.get(e.sourceId) ?? ''),
      ],
    );
    const versions = new Map(rows.map((r) => [r.source_id, Number(r.version)]));
    return events.map((e) => {
      const sourceVersion = versions.get(e.sourceId);
      if (sourceVersion === undefined) throw new Error(`no version was recorded for ${e.sourceId}`);
      return { ...e, sourceVersion };
    });
  }

  /** One statement each for the rows released and the rows deferred, whatever their number. */
  private async saveDeferred(manager: EntityManager, commit: WindowCommit): Promise<void> {
    const released = commit.releasedDeferred;
    if (released.length > 0) {
      await manager.query(
        `DELETE FROM deferred_rows
          WHERE connection_id = $1 AND entity = $2
            AND (source_id, effective_date) IN (SELECT * FROM unnest($3::text[], $4::date[]))`,
        [
          commit.connectionId,
          commit.entity,
          released.map((d) => d.sourceId),
          released.map((d) => d.effectiveDate),
        ],
      );
    }
    // One row per key, the last one winning as it did row by row: an upsert cannot touch the
    // same row twice in one statement.
    const deferred = [
      ...new Map(commit.deferred.map((d) => [`${d.sourceId}\u0000${d.effectiveDate}`, d])).values(),
    ];
    if (deferred.length === 0) return;
    await manager.query(
      `INSERT INTO deferred_rows (connection_id, entity, source_id, effective_date, row_data)
       SELECT $1, $2, id, d, r FROM unnest($3::text[], $4::date[], $5::jsonb[]) AS t(id, d, r)
       ON CONFLICT (connection_id, entity, source_id, effective_date)
         DO UPDATE SET row_data = EXCLUDED.row_data`,
      [
        commit.connectionId,
        commit.entity,
        deferred.map((d) => d.sourceId),
        deferred.map((d) => d.effectiveDate),
        deferred.map((d) => JSON.stringify(d.row)),
      ],
    );
  }
}

function byCorrelationId(events: readonly ChangeEvent[]): Map<string, ChangeEvent[]> {
  const groups = new Map<string, ChangeEvent[]>();
  for (const e of events) {
    const group = groups.get(e.correlationId);
    if (group) group.push(e);
    else groups.set(e.correlationId, [e]);
  }
  return groups;
}
