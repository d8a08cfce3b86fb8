import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReadbackPolicy } from '../reconcile/readback-settings.repository';

/** One event of a HubSpot webhook batch, as far as the connector reads it. */
export interface HubSpotEvent {
  readonly eventId: string;
  readonly subscriptionType: string;
  readonly objectId: string;
  readonly changeSource: string | null;
  readonly propertyName: string | null;
  readonly mergedObjectIds: string[];
  readonly primaryObjectId: string | null;
  readonly newObjectId: string | null;
}

/** Sources that are integrations (the connector itself among them): never repaired. */
const OWN_SOURCES = new Set(['INTEGRATION', 'API']);
/** Written at send time by the connector: a change of it is never drift. */
const NOT_OWNED = new Set(['ml_last_synced_at']);

/**
 * Handles each event id once per connection (the insert is the lock) and turns deletions,
 * merges and edits of connector-owned properties into targeted repairs, in one transaction.
 * The poller turns the repairs into a replay run at its next tick.
 */
@Injectable()
export class WebhookEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handle(
    connectionId: string,
    policy: ReadbackPolicy,
    events: readonly HubSpotEvent[],
  ): Promise<{ handled: number; duplicates: number }> {
    let handled = 0;
    let duplicates = 0;
    await this.dataSource.transaction(async (m) => {
      for (const event of events) {
        const fresh: unknown[] = await m.query(
          `INSERT INTO webhook_events (connection_id, event_id, subscription_type, object_id, outcome)
           VALUES ($1, $2, $3, $4, 'received') ON CONFLICT DO NOTHING RETURNING event_id`,
          [connectionId, event.eventId, event.subscriptionType, event.objectId],
        );
        if (fresh.length === 0) {
          duplicates += 1;
          continue;
        }
        handled += 1;
        const outcome = await this.act(m, connectionId, policy, event);
        await m.query(
          `UPDATE webhook_events SET outcome = $3 WHERE connection_id = $1 AND event_id = $2`,
          [connectionId, event.eventId, outcome],
        );
      }
    });
    return { handled, duplicates };
  }

  private async act(
    m: EntityManager,
    connectionId: string,
    policy: ReadbackPolicy,
    event: HubSpotEvent,
  ): Promise<string> {
    if (event.changeSource && OWN_SOURCES.has(event.changeSource)) return 'ignored: integration';
    const kind = event.subscriptionType.split('.')[1] ?? '';
    if (kind === 'merge') return this.followMerge(m, connectionId, policy, event);
    if (kind !== 'deletion' && kind !== 'propertyChange') return `ignored: ${kind}`;
    if (kind === 'propertyChange' && (!event.propertyName || NOT_OWNED.has(event.propertyName))) {
      return 'ignored: not a connector property';
    }
    const records: Array<{
      entity: string;
      source_id: string;
      properties: Record<string, string> | null;
    }> = await m.query(
      `SELECT r.entity, r.source_id, a.properties FROM sync_records r
           LEFT JOIN LATERAL (
             SELECT properties FROM sync_attempts a
              WHERE a.record_id = r.id AND a.outcome IN ('created', 'updated')
                AND a.properties IS NOT NULL
              ORDER BY a.attempted_at DESC, a.id DESC LIMIT 1) a ON true
          WHERE r.connection_id = $1 AND r.hubspot_id = $2 AND NOT r.hubspot_archived`,
      [connectionId, event.objectId],
    );
    const targets = records.filter(
      (r) => kind === 'deletion' || (event.propertyName ?? '') in (r.properties ?? {}),
    );
    if (targets.length === 0) return 'ignored: not a connector record or property';
    if (policy === 'report-only') return `reported: ${kind} (report-only)`;
    await queueResends(
      m,
      connectionId,
      targets.map((r) => ({ entity: r.entity, sourceId: r.source_id, reason: `webhook ${kind}` })),
    );
    return `repair queued: ${targets.map((r) => r.source_id).join(',')}`;
  }

  /** The stored HubSpot ids of the merged objects now point at the survivor. */
  private async followMerge(
    m: EntityManager,
    connectionId: string,
    policy: ReadbackPolicy,
    event: HubSpotEvent,
  ): Promise<string> {
    const survivor = event.newObjectId ?? event.primaryObjectId ?? event.objectId;
    const old = [...event.mergedObjectIds, event.primaryObjectId ?? event.objectId].filter(
      (id) => id !== survivor,
    );
    if (policy === 'report-only') return `reported: merge into ${survivor} (report-only)`;
    // An UPDATE answers [rows, affected count] through TypeORM on Postgres.
    // The primary's record keeps its PeopleSoft id on the survivor; the others were merged
    // away (their unique id dropped) and must not be recreated by the writer.
    const primary = event.primaryObjectId ?? event.objectId;
    const [, moved] = (await m.query(
      `UPDATE sync_records SET hubspot_id = $3, updated_at = now(),
              merged_into = CASE WHEN hubspot_id = $4 THEN merged_into ELSE $3 END
        WHERE connection_id = $1 AND hubspot_id = ANY($2::text[])`,
      [connectionId, old, survivor, primary],
    )) as [unknown, number];
    return `merge followed: ${moved} record(s) now on ${survivor}`;
  }
}

/** Clears the synced hash (so the writer re-sends) and records a waiting repair. */
async function queueResends(
  m: EntityManager,
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
