import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ApiKeyRow {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

interface RawKey {
  id: string;
  name: string;
  key_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toRow = (r: RawKey): ApiKeyRow => ({
  id: r.id,
  name: r.name,
  prefix: r.key_prefix,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

const COLUMNS = 'id, name, key_prefix, created_at, last_used_at, revoked_at';

/** The only code that touches admin_api_keys; the key itself is never stored, only its hash. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(name: string, keyHash: string, prefix: string): Promise<ApiKeyRow> {
    const rows: RawKey[] = await this.dataSource.query(
      `INSERT INTO admin_api_keys (name, key_hash, key_prefix) VALUES ($1, $2, $3)
       RETURNING ${COLUMNS}`,
      [name, keyHash, prefix],
    );
    return toRow(rows[0] as RawKey);
  }

  async list(): Promise<ApiKeyRow[]> {
    const rows: RawKey[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM admin_api_keys ORDER BY created_at DESC, id`,
    );
    return rows.map(toRow);
  }

  /** The key's row after revoking it (revoking twice keeps the first time); null when unknown. */
  async revoke(id: string): Promise<ApiKeyRow | null> {
    const rows: RawKey[] = await this.dataSource.query(
      // Wrapped in a CTE so the driver answers rows, not [rows, count] as for a bare UPDATE.
      `WITH revoked AS (
         UPDATE admin_api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
         RETURNING ${COLUMNS}
       )
       SELECT * FROM revoked`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /**
   * Marks an active key as used and answers whether it exists. last_used_at is written at most
   * once a minute per key, so authentication does not turn every read into a write.
   */
  async useActive(keyHash: string): Promise<boolean> {
    const rows: Array<{ id: string; stale: boolean }> = await this.dataSource.query(
      `SELECT id, (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
         FROM admin_api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    const row = rows[0];
    if (!row) return false;
    if (row.stale) {
      await this.dataSource.query(`UPDATE admin_api_keys SET last_used_at = now() WHERE id = $1`, [
        row.id,
      ]);
    }
    return true;
  }
}
