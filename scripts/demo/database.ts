import { Client, Pool } from 'pg';
import { ensureDatabaseExists, runMigrations } from '@ml/database';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** DATABASE_URL's server and credentials with the demo's own database name. */
export function demoDatabaseUrl(database: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = new URL(env.DATABASE_URL || DEFAULT_SERVER);
  url.pathname = `/${database}`;
  return url.toString();
}

function adminUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/** Drops the demo database (closing its sessions); true when there was one. */
export async function dropDatabase(databaseUrl: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new Client({ connectionString: adminUrl(databaseUrl) });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.rowCount) return false;
    await client.query(`DROP DATABASE "${name.replace(/"/g, '""')}" WITH (FORCE)`);
    return true;
  } finally {
    await client.end();
  }
}

/** Creates the database when missing and applies pending migrations. */
export async function prepareDatabase(
  databaseUrl: string,
): Promise<{ created: boolean; applied: string[] }> {
  const created = await ensureDatabaseExists(databaseUrl);
  const applied = await runMigrations(databaseUrl);
  return { created, applied };
}

/** What a record's last successful attempt sent to HubSpot. */
export interface SentRecord {
  readonly entity: string;
  readonly sourceId: string;
  readonly objectType: 'contacts' | 'companies';
  readonly hubspotId: string | null;
  readonly properties: Record<string, string>;
  readonly attemptedAt: Date;
}

/**
 * Read-only queries on the audit trail the demo needs and the admin API does not offer in bulk:
 * what was last sent (to restore the in-memory HubSpot) and record counts for the summary.
 */
export class AuditReader {
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
  }

  async connectionIdByName(name: string): Promise<string | undefined> {
    const rows = await this.pool.query<{ id: string }>(
      'SELECT id FROM connections WHERE name = $1',
      [name],
    );
    return rows.rows[0]?.id;
  }

  /**
   * The properties of each record's last created/updated attempt, oldest HubSpot id first, so a
   * restored simulator hands out the same ids again when nothing was lost in between.
   */
  async lastSent(connectionId: string): Promise<SentRecord[]> {
    const rows = await this.pool.query<{
      entity: string;
      source_id: string;
      object_type: 'contacts' | 'companies';
      hubspot_id: string | null;
      properties: Record<string, string>;
      attempted_at: Date;
    }>(
      `SELECT DISTINCT ON (r.id) r.entity, r.source_id, r.object_type, a.hubspot_id, a.properties,
              a.attempted_at
         FROM sync_records r JOIN sync_attempts a ON a.record_id = r.id
        WHERE r.connection_id = $1 AND a.outcome IN ('created', 'updated')
          AND a.properties IS NOT NULL
        ORDER BY r.id, a.attempted_at DESC, a.id DESC`,
      [connectionId],
    );
    return rows.rows
      .map((r) => ({
        entity: r.entity,
        sourceId: r.source_id,
        objectType: r.object_type,
        hubspotId: r.hubspot_id,
        properties: r.properties,
        attemptedAt: r.attempted_at,
      }))
      .sort((a, b) => numericId(a.hubspotId) - numericId(b.hubspotId));
  }

  async recordCount(connectionId: string): Promise<number> {
    const rows = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync_records WHERE connection_id = $1',
      [connectionId],
    );
    return rows.rows[0]?.n ?? 0;
  }

  /** EMPLIDs the audit knows, for picking whom to change and counting earlier hires. */
  async employeeStates(connectionId: string): Promise<Map<string, string>> {
    const rows = await this.pool.query<{ source_id: string; status: string }>(
      `SELECT source_id, status FROM sync_records WHERE connection_id = $1 AND entity = 'employee'`,
      [connectionId],
    );
    return new Map(rows.rows.map((r) => [r.source_id, r.status]));
  }

  async syncedIds(connectionId: string, entity: string): Promise<Set<string>> {
    const rows = await this.pool.query<{ source_id: string }>(
      `SELECT source_id FROM sync_records
        WHERE connection_id = $1 AND entity = $2 AND status = 'synced'`,
      [connectionId, entity],
    );
    return new Set(rows.rows.map((r) => r.source_id));
  }

  /** Records in step with HubSpot that this run did not touch at all. */
  async untouchedSynced(connectionId: string, runId: string): Promise<number> {
    const rows = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_records r
        WHERE r.connection_id = $1 AND r.status = 'synced'
          AND NOT EXISTS (SELECT 1 FROM sync_attempts a WHERE a.record_id = r.id AND a.run_id = $2)`,
      [connectionId, runId],
    );
    return rows.rows[0]?.n ?? 0;
  }

  /** How many syncs this connection has run before: picks different records to change each time. */
  async finishedRuns(connectionId: string): Promise<number> {
    const rows = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_runs WHERE connection_id = $1 AND status <> 'queued'`,
      [connectionId],
    );
    return rows.rows[0]?.n ?? 0;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function numericId(id: string | null): number {
  const n = id === null ? NaN : Number(id);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}
