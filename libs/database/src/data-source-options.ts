import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** Connections each process may open, unless its app asks for more (see DatabaseModule.forApp). */
export const DEFAULT_POOL_SIZE = 10;

/**
 * The one source of DataSource options, shared by the apps (through DatabaseModule) and the
 * migration CLI. Schema changes only ever come from migrations: synchronize stays off.
 */

export function dataSourceOptions(
  databaseUrl: string,
  applicationName: string,
  poolSize: number = DEFAULT_POOL_SIZE,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    applicationName,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    migrations: [join(__dirname, 'migrations', '*.js')],
    extra: {
      max: poolSize,
      // A stuck query must not pin a pool slot forever; long statements are bugs here.
      statement_timeout: 60_000,
      idleTimeoutMillis: 30_000,
    },
  };
}
