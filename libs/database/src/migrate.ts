import { loadConfig } from '@ml/config';
import { ensureDatabaseExists, runMigrations } from './migrator';

/** `npm run migrate` (up) and `npm run migrate:down` (undo the last one). */
async function main(): Promise<void> {
  const config = loadConfig();
  const direction = process.argv.includes('--down') ? 'down' : 'up';
  if (direction === 'up' && (await ensureDatabaseExists(config.databaseUrl))) {
    console.log('created database');
  }
  const applied = await runMigrations(config.databaseUrl, direction);
  console.log(
    direction === 'down'
      ? 'reverted the last migration'
      : applied.length
        ? `applied: ${applied.join(', ')}`
        : 'schema is up to date',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
