import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Any constant works; it only has to be the same for every process that migrates. */
const MIGRATION_LOCK_ID = 7_254_001;

/**
 * Runs migrations under a session advisory lock held on one dedicated connection, because
 * TypeORM's runner has no lock of its own and several pods may start at once.
 */
export async function runMigrations(
  databaseUrl: string,
  direction: 'up' | 'down' = 'up',
): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const dataSource = new DataSource(dataSourceOptions(databaseUrl, 'ml-connector-migrate'));
    await dataSource.initialize();
    try {
      if (direction === 'down') {
        await dataSource.undoLastMigration({ transaction: 'each' });
        return [];
      }
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lock.end();
  }
}

/** Creates the target database when it is missing, for first runs and the demo. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await client.end();
  }
}
