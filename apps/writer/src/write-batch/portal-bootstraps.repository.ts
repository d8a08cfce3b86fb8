import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** What a property bootstrap learnt about a portal. */
export interface PortalBootstrap {
  readonly timeZone: string;
  readonly propertyNames: readonly string[];
}

/**
 * Which bootstrap: a portal (a hash of its token, base URL and API version), an object type, and
 * a hash of the connector's property definitions for it.
 */
export interface BootstrapKey {
  readonly portalKey: string;
  readonly objectType: string;
  readonly definitionsHash: string;
}

/**
 * One bootstrap per portal and object type at a time across every writer replica, and its result
 * reused by the others for `maxAgeMs`. A per-process bootstrap made every replica spend its own
 * requests at each start, from the same limit the upserts draw on.
 */
@Injectable()
export class PortalBootstrapsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A recent result for the same definitions, or `bootstrap()`'s, recorded for the others. The
   * replicas that arrive while one bootstraps wait for it (a transaction-scoped advisory lock)
   * and then reuse its result. `reuse: false` always asks HubSpot (a property found missing).
   */
  async shared(
    key: BootstrapKey,
    options: { readonly maxAgeMs: number; readonly reuse: boolean },
    bootstrap: () => Promise<PortalBootstrap>,
  ): Promise<PortalBootstrap> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `portal-bootstrap|${key.portalKey}|${key.objectType}`,
      ]);
      const recent = options.reuse ? await this.recent(manager, key, options.maxAgeMs) : null;
      if (recent) return recent;
      const found = await bootstrap();
      await manager.query(
        `INSERT INTO hubspot_portal_bootstraps AS b
           (portal_key, object_type, definitions_hash, time_zone, property_names, checked_at)
         VALUES ($1, $2, $3, $4, $5, clock_timestamp())
         ON CONFLICT (portal_key, object_type) DO UPDATE
           SET definitions_hash = EXCLUDED.definitions_hash, time_zone = EXCLUDED.time_zone,
               property_names = EXCLUDED.property_names, checked_at = EXCLUDED.checked_at`,
        [key.portalKey, key.objectType, key.definitionsHash, found.timeZone, found.propertyNames],
      );
      return found;
    });
  }

  private async recent(
    manager: EntityManager,
    key: BootstrapKey,
    maxAgeMs: number,
  ): Promise<PortalBootstrap | null> {
    const rows: Array<{ time_zone: string; property_names: string[] }> = await manager.query(
      `SELECT time_zone, property_names FROM hubspot_portal_bootstraps
        WHERE portal_key = $1 AND object_type = $2 AND definitions_hash = $3
          AND checked_at > clock_timestamp() - make_interval(secs => $4 / 1000.0)`,
      [key.portalKey, key.objectType, key.definitionsHash, maxAgeMs],
    );
    const row = rows[0];
    return row ? { timeZone: row.time_zone, propertyNames: row.property_names } : null;
  }
}
